//! The PDF painter: the pages of a [`crate::layout::Document`] → tagged PDF/UA-1 bytes,
//! written with krilla.
//!
//! In: the layout (pages of positioned, shaped items) and the fonts. Out: the file's bytes.
//! Structure: H1 (title), P (date, source), Table › Caption, THead › TR › TH (Scope Column),
//! TBody › TR › TH (Scope Row, the solution's name) and TD; links as Link › (annotation, text);
//! H2 and P for the notes. Header rows repeated on later pages, backgrounds, rules and page
//! numbers are artifacts. No clock: the bytes depend only on the document and the fonts.

mod pack;

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU16;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::ConfigurationBuilder;
use krilla::configure::validate::Accessibility;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect as KRect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Node, SpanTag, TableHeaderScope, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as KDocument, SerializeSettings};

use crate::layout::fonts::{FontId, Fonts};
use crate::layout::theme::Color;
use crate::layout::{DocumentInfo, Item, Origin, Page, Pt, TextRun};

/// The PDF could not be written (never because of the table's content, which validation and
/// layout checked).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("la police {0} ne peut pas être intégrée au PDF")]
    Font(String),
    #[error("le PDF ne respecte pas PDF/UA-1 : {0}")]
    Validation(String),
    #[error("le PDF n'a pas pu être écrit : {0}")]
    Other(String),
}

/// Settings of [`pdf`].
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// Producer recorded in the metadata; default `comparatif <version>`.
    pub producer: String,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions { producer: format!("comparatif {}", env!("CARGO_PKG_VERSION")) }
    }
}

fn paint(color: Color) -> krilla::paint::Paint {
    rgb::Color::new(color.r, color.g, color.b).into()
}

/// Paints the document described by `info`, whose pages come from `pages` in order (a
/// [`crate::layout::Document`]'s pages, or a [`crate::layout::Layout`] laying them out one at
/// a time), into a tagged PDF/UA-1 file.
pub fn pdf<P: Borrow<Page>>(
    info: &DocumentInfo,
    pages: impl IntoIterator<Item = P>,
    fonts: &Fonts,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Other(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        xmp_metadata: true,
        ..SerializeSettings::default()
    };
    let mut kdoc = KDocument::new_with(settings);
    let font = |id: FontId| {
        let data = fonts.get(id);
        Font::new(data.bytes.clone().into(), 0).ok_or_else(|| PdfError::Font(data.name.clone()))
    };
    let regular = font(FontId::Regular)?;
    let bold = font(FontId::Bold)?;

    // Marked content of each part of the document, in reading order within each part.
    let mut content = Marked::new(info);
    // Where the outline points: the table on page 1, the notes (page from 0, top).
    let mut table_top = None;
    let mut notes_top = None;
    // Glyphs and text of the lines being drawn (one buffer each for the whole document).
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let mut text = String::new();
    for (page_idx, page) in pages.into_iter().enumerate() {
        let page = page.borrow();
        table_top = table_top.or(Some(page.table_top));
        if let (None, Some(top)) = (notes_top, page.notes_top) {
            notes_top = Some((page_idx, top));
        }
        let mut kpage = kdoc.start_page_with(
            PageSettings::from_wh(info.width.0, info.height.0)
                .ok_or_else(|| PdfError::Other("taille de page invalide".into()))?,
        );
        let mut links = Vec::new();
        {
            let mut surface = kpage.surface();
            // The origin of the marked content sequence being written, if one is open.
            let mut open: Option<Origin> = None;
            let mut items = page.items.iter().peekable();
            while let Some(item) = items.next() {
                match item {
                    Item::Fill { rect, color } => {
                        let Some(r) =
                            KRect::from_xywh(rect.x.0, rect.y.0, rect.width.0, rect.height.0)
                        else {
                            continue;
                        };
                        let mut pb = PathBuilder::new();
                        pb.push_rect(r);
                        let fill = Fill {
                            paint: paint(*color),
                            opacity: NormalizedF32::ONE,
                            rule: FillRule::NonZero,
                        };
                        decoration(&mut surface, &mut open, pb, Some(fill), None);
                    }
                    Item::Rule { x1, y1, x2, y2, width, color } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(x1.0, y1.0);
                        pb.line_to(x2.0, y2.0);
                        let stroke =
                            Stroke { paint: paint(*color), width: width.0, ..Stroke::default() };
                        decoration(&mut surface, &mut open, pb, None, Some(stroke));
                    }
                    Item::Text(run) => {
                        // Consecutive runs of one origin (the lines of a cell) share one marked
                        // content sequence: fewer MCIDs, a smaller parent tree.
                        if open.as_ref() != Some(&run.origin) {
                            if open.take().is_some() {
                                surface.end_tagged();
                            }
                            let tag = if run.origin.is_artifact() {
                                let kind = if run.origin == Origin::PageNumber {
                                    ArtifactType::PaginationOther
                                } else {
                                    ArtifactType::Layout
                                };
                                ContentTag::Artifact(Artifact::new(kind, None))
                            } else {
                                ContentTag::Span(SpanTag::empty())
                            };
                            let id = surface.start_tagged(tag);
                            if !run.origin.is_artifact() {
                                content.part(run.origin).nodes.push(Node::from(id));
                            }
                            open = Some(run.origin);
                        }
                        // The next lines of the cell, when drawn alike, go in the same call: one
                        // text object instead of one per line (a fifth of the content streams'
                        // bytes, and krilla's work per line). A later line is placed from the
                        // glyphs before it, so a first line without glyphs is drawn alone.
                        glyphs.clear();
                        text.clear();
                        let mut pen = 0.0;
                        push_line(&mut glyphs, &mut text, page, run, run, &mut pen);
                        while let Some(Item::Text(next)) = items.peek() {
                            if glyphs.is_empty()
                                || (next.origin, next.font, next.size, next.color)
                                    != (run.origin, run.font, run.size, run.color)
                            {
                                break;
                            }
                            push_line(&mut glyphs, &mut text, page, next, run, &mut pen);
                            items.next();
                        }
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: paint(run.color),
                            opacity: NormalizedF32::ONE,
                            rule: FillRule::NonZero,
                        }));
                        let face = match run.font {
                            FontId::Regular => regular.clone(),
                            FontId::Bold => bold.clone(),
                        };
                        surface.draw_glyphs(
                            Point::from_xy(run.x.0, run.baseline.0),
                            &glyphs,
                            face,
                            &text,
                            run.size.0,
                            false,
                        );
                    }
                    Item::Link { origin, rect, url, description } => {
                        links.push((*origin, *rect, url.clone(), description.clone()))
                    }
                }
            }
            if open.take().is_some() {
                surface.end_tagged();
            }
            surface.finish();
        }
        for (origin, rect, url, description) in links {
            let Some(r) =
                KRect::from_xywh(rect.x.0, rect.y.0, rect.width.0.max(1.0), rect.height.0.max(1.0))
            else {
                continue;
            };
            let annotation =
                LinkAnnotation::new(r, Target::Action(Action::Link(LinkAction::new(url))));
            let id =
                kpage.add_tagged_annotation(Annotation::new_link(annotation, Some(description)));
            // The annotation comes first in its Link group (krilla's best practice).
            let part = content.part(origin);
            part.nodes.insert(0, Node::from(id));
            part.linked = true;
        }
        kpage.finish();
    }

    kdoc.set_tag_tree(tag_tree(info, content));
    kdoc.set_outline(outline(info, table_top, notes_top));
    kdoc.set_metadata(
        Metadata::new()
            .title(info.title.clone())
            .language(info.lang.clone())
            .creator(options.producer.clone())
            .producer(options.producer.clone()),
    );
    let bytes = kdoc.finish().map_err(|err| match err {
        krilla::error::KrillaError::Font(_, message) => PdfError::Font(message),
        krilla::error::KrillaError::Validation(errors) => PdfError::Validation(
            errors.iter().map(|(e, _)| format!("{e:?}")).collect::<Vec<_>>().join(" ; "),
        ),
        other => PdfError::Other(format!("{other:?}")),
    })?;
    // Object streams make the file about 30 % smaller; krilla's own bytes are kept if the
    // packing step does not recognise them.
    Ok(pack::pack(&bytes).unwrap_or(bytes))
}

/// Appends the glyphs of `line` to one `draw_glyphs` call that starts at `first`'s baseline
/// origin, their clusters as ranges of `text` (which gets the line's text). `pen` is how far
/// the glyphs pushed so far advance, in em: for a later line, the last of them advances to the
/// line's start, and the line's glyphs sit that far below the first baseline (krilla then starts
/// a new positioned run, as for a separate call).
fn push_line(
    glyphs: &mut Vec<KrillaGlyph>,
    text: &mut String,
    page: &Page,
    line: &TextRun,
    first: &TextRun,
    pen: &mut f32,
) {
    let (line_text, line_glyphs) = (page.text(line), page.glyphs(line));
    let size = line.size.0;
    let start = (line.x.0 - first.x.0) / size;
    if let Some(last) = glyphs.last_mut() {
        last.x_advance += start - *pen;
    }
    *pen = start + line_glyphs.iter().map(|g| g.x_advance).sum::<f32>();
    let drop = (first.baseline.0 - line.baseline.0) / size;
    let base = text.len();
    text.push_str(line_text);
    glyphs.extend(line_glyphs.iter().enumerate().map(|(idx, g)| {
        let start = g.cluster as usize;
        let end = line_glyphs[idx + 1..]
            .iter()
            .map(|n| n.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(line_text.len());
        KrillaGlyph::new(
            GlyphId::new(u32::from(g.id)),
            g.x_advance,
            g.x_offset,
            g.y_offset + drop,
            0.0,
            base + start..base + end.max(start),
            None,
        )
    }));
}

/// Draws the path `pb` as a layout artifact (a background or a rule) with `fill` or `stroke`,
/// after closing the marked content sequence of text left `open`. An empty path draws nothing.
fn decoration(
    surface: &mut krilla::surface::Surface<'_>,
    open: &mut Option<Origin>,
    pb: PathBuilder,
    fill: Option<Fill>,
    stroke: Option<Stroke>,
) {
    if open.take().is_some() {
        surface.end_tagged();
    }
    let Some(path) = pb.finish() else { return };
    surface.start_tagged(ContentTag::Artifact(Artifact::new(ArtifactType::Layout, None)));
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(&path);
    surface.end_tagged();
    surface.set_stroke(None);
}

fn group(tag: impl Into<krilla::tagging::TagKind>, children: Vec<Node>) -> TagGroup {
    TagGroup::with_children(tag, children)
}

/// The marked content of each part of the document (in reading order within each part), and
/// whether the part is a link. Body cells, most of the parts, sit in one list by row and column.
struct Marked {
    columns: usize,
    rows: usize,
    cells: Vec<Part>,
    others: BTreeMap<Origin, Part>,
}

#[derive(Default)]
struct Part {
    nodes: Vec<Node>,
    /// The part's text is a link (its annotation is the first node).
    linked: bool,
}

impl Marked {
    fn new(info: &DocumentInfo) -> Marked {
        let (rows, columns) = (info.row_count, info.column_count);
        let cells = std::iter::repeat_with(Part::default).take(rows * columns).collect();
        Marked { columns, rows, cells, others: BTreeMap::new() }
    }

    fn slot(&self, origin: Origin) -> Option<usize> {
        match origin {
            Origin::Cell { row_idx, col_idx } if row_idx < self.rows && col_idx < self.columns => {
                Some(row_idx * self.columns + col_idx)
            }
            _ => None,
        }
    }

    fn part(&mut self, origin: Origin) -> &mut Part {
        match self.slot(origin) {
            Some(idx) => &mut self.cells[idx],
            None => self.others.entry(origin).or_default(),
        }
    }

    /// The part of `origin`, removed (empty if it has no content).
    fn take(&mut self, origin: Origin) -> Part {
        match self.slot(origin) {
            Some(idx) => std::mem::take(&mut self.cells[idx]),
            None => self.others.remove(&origin).unwrap_or_default(),
        }
    }

    /// The parts not taken yet, in the order of their origins.
    fn left(&self) -> Vec<Origin> {
        let mut left: BTreeSet<Origin> = self.others.keys().copied().collect();
        for (idx, part) in self.cells.iter().enumerate() {
            if !part.nodes.is_empty() {
                left.insert(Origin::Cell {
                    row_idx: idx / self.columns,
                    col_idx: idx % self.columns,
                });
            }
        }
        left.into_iter().collect()
    }
}

/// The structure tree, in reading order.
fn tag_tree(doc: &DocumentInfo, mut content: Marked) -> TagTree {
    let notes: Vec<Origin> =
        content.others.keys().copied().filter(|o| matches!(o, Origin::Note(_))).collect();
    let mut tree = TagTree::new().with_lang(Some(doc.lang.clone()));
    let h1 = NonZeroU16::MIN;
    tree.push(group(Tag::Hn(h1, Some(doc.title.clone())), content.take(Origin::Title).nodes));
    for origin in [Origin::Updated, Origin::Source] {
        let nodes = content.take(origin).nodes;
        if !nodes.is_empty() {
            tree.push(group(Tag::P, nodes));
        }
    }

    let mut table = TagGroup::new(Tag::Table);
    let caption = content.take(Origin::Caption).nodes;
    if !caption.is_empty() {
        table.push(group(Tag::Caption, caption));
    }
    let n_cols = doc.column_count;
    let mut head_row = TagGroup::new(Tag::TR);
    for col_idx in 0..n_cols {
        head_row.push(group(
            Tag::TH(TableHeaderScope::Column),
            content.take(Origin::ColumnHeader { col_idx, repeated: false }).nodes,
        ));
    }
    table.push(group(Tag::THead, vec![head_row.into()]));
    let mut body = TagGroup::new(Tag::TBody);
    for row_idx in 0..doc.row_count {
        let mut tr = TagGroup::new(Tag::TR);
        for col_idx in 0..n_cols {
            let Part { nodes, linked } = content.take(Origin::Cell { row_idx, col_idx });
            let children = if linked { vec![group(Tag::Link, nodes).into()] } else { nodes };
            let cell = if col_idx == doc.row_header {
                group(Tag::TH(TableHeaderScope::Row), children)
            } else {
                group(Tag::TD, children)
            };
            tr.push(cell);
        }
        body.push(tr);
    }
    table.push(body);
    tree.push(table);

    let notes_heading = content.take(Origin::NotesHeading).nodes;
    if !notes_heading.is_empty() {
        let h2 = NonZeroU16::new(2).expect("2 is not zero");
        tree.push(group(Tag::Hn(h2, Some("Notes".into())), notes_heading));
        for origin in notes {
            tree.push(group(Tag::P, content.take(origin).nodes));
        }
    }
    // Every marked content must have a place in the tree (krilla refuses orphans); the layout
    // only makes origins placed above, so this stays empty.
    let left = content.left();
    debug_assert!(
        left.is_empty(),
        "marked content without a place in the structure tree: {left:?}"
    );
    for origin in left {
        tree.push(group(Tag::P, content.take(origin).nodes));
    }
    tree
}

/// Bookmarks: the title, the table (its top on page 1), the notes (page from 0, top).
fn outline(info: &DocumentInfo, table_top: Option<Pt>, notes_top: Option<(usize, Pt)>) -> Outline {
    let mut outline = Outline::new();
    let top = |page: usize, y: f32| XyzDestination::new(page, Point::from_xy(0.0, y));
    let mut title = OutlineNode::new(info.title.clone(), top(0, 0.0)).with_open(true);
    if let Some(y) = table_top {
        title.push_child(OutlineNode::new("Tableau comparatif".into(), top(0, y.0)));
    }
    if let Some((idx, y)) = notes_top {
        title.push_child(OutlineNode::new("Notes".into(), top(idx, y.0)));
    }
    outline.push_child(title);
    outline
}
