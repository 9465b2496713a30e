//! Golden dump: a laid-out [`Document`] in → one readable line per item, for golden tests.

use super::{Document, Item};

/// A readable dump of the document, one item per line, for golden tests.
pub fn dump(doc: &Document) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document {:.1}×{:.1} pt, {} page(s), texte du tableau {:.2} pt, titre « {} », langue {}",
        doc.info.width.0,
        doc.info.height.0,
        doc.pages.len(),
        doc.info.body_size.0,
        doc.info.title,
        doc.info.lang
    );
    for (idx, page) in doc.pages.iter().enumerate() {
        let _ = writeln!(out, "page {} : lignes {:?}", idx + 1, page.rows);
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let _ = writeln!(
                        out,
                        "  texte {:?} x={:.1} y={:.1} l={:.1} {:?} {:.1}pt #{:02x}{:02x}{:02x} « {} »",
                        run.origin,
                        run.x.0,
                        run.baseline.0,
                        run.width.0,
                        run.font,
                        run.size.0,
                        run.color.r,
                        run.color.g,
                        run.color.b,
                        page.text(run)
                    );
                }
                Item::Fill { rect, color } => {
                    let _ = writeln!(
                        out,
                        "  fond x={:.1} y={:.1} l={:.1} h={:.1} #{:02x}{:02x}{:02x}",
                        rect.x.0, rect.y.0, rect.width.0, rect.height.0, color.r, color.g, color.b
                    );
                }
                Item::Rule { x1, y1, x2, y2, width, .. } => {
                    let _ = writeln!(
                        out,
                        "  trait ({:.1},{:.1})–({:.1},{:.1}) {:.2}pt",
                        x1.0, y1.0, x2.0, y2.0, width.0
                    );
                }
                Item::Link { origin, rect, url, description } => {
                    let _ = writeln!(
                        out,
                        "  lien {origin:?} x={:.1} y={:.1} l={:.1} h={:.1} {url} « {description} »",
                        rect.x.0, rect.y.0, rect.width.0, rect.height.0
                    );
                }
            }
        }
    }
    out
}
