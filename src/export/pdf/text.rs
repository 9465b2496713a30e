//! Text runs → marked content and glyphs on the page, a cell's lines in one `draw_glyphs`.

use krilla::geom::Point;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Node, SpanTag};
use krilla::text::{GlyphId, KrillaGlyph};

use super::tags::Marked;
use super::{Context, Items, PageContext, solid};
use crate::layout::fonts::FontId;
use crate::layout::{Item, Origin, Page, TextRun};

/// Draws `run`, and the runs after it in `items` that continue it, in the marked content
/// sequence of its origin.
pub(super) fn handle_text(
    pc: &mut PageContext<'_, '_>,
    ctx: &mut Context,
    page: &Page,
    run: &TextRun,
    items: &mut Items<'_>,
) {
    open_marked(pc, &mut ctx.content, run.origin);
    // The next lines of the cell, when drawn alike, go in the same call: one text object
    // instead of one per line (smaller content streams, less of krilla's work per line). A
    // later line is placed from the glyphs before it, so a first line without glyphs is drawn
    // alone.
    let Context { regular, bold, glyphs, text, .. } = ctx;
    glyphs.clear();
    text.clear();
    let mut pen = 0.0;
    push_line(glyphs, text, page, run, run, &mut pen);
    while let Some(Item::Text(next)) = items.peek() {
        if glyphs.is_empty()
            || (next.origin, next.font, next.size, next.color)
                != (run.origin, run.font, run.size, run.color)
        {
            break;
        }
        push_line(glyphs, text, page, next, run, &mut pen);
        items.next();
    }
    pc.surface.set_stroke(None);
    pc.surface.set_fill(Some(solid(run.color)));
    let face = match run.font {
        FontId::Regular => regular.clone(),
        FontId::Bold => bold.clone(),
    };
    pc.surface.draw_glyphs(
        Point::from_xy(run.x.0, run.baseline.0),
        glyphs,
        face,
        text,
        run.size.0,
        false,
    );
}

/// Opens the marked content sequence of `origin` (a span of its part of the structure tree, or
/// an artifact), unless it is already open: consecutive runs of one origin (the lines of a
/// cell) share one, for fewer MCIDs and a smaller parent tree.
fn open_marked(pc: &mut PageContext<'_, '_>, content: &mut Marked, origin: Origin) {
    if pc.open.as_ref() == Some(&origin) {
        return;
    }
    pc.close_marked();
    let tag = if origin.is_artifact() {
        let kind = if origin == Origin::PageNumber {
            ArtifactType::PaginationOther
        } else {
            ArtifactType::Layout
        };
        ContentTag::Artifact(Artifact::new(kind, None))
    } else {
        ContentTag::Span(SpanTag::empty())
    };
    let id = pc.surface.start_tagged(tag);
    if !origin.is_artifact() {
        content.part(origin).nodes.push(Node::from(id));
    }
    pc.open = Some(origin);
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
    // Where each glyph's cluster ends: the next cluster's start, found from the line's end
    // (looking forward from each glyph costs the square of a cluster's glyphs: a letter with
    // thousands of combining accents is one cluster).
    let mut ends = vec![line_text.len(); line_glyphs.len()];
    let mut next = line_text.len();
    for (idx, g) in line_glyphs.iter().enumerate().rev() {
        ends[idx] = next;
        if idx > 0 && line_glyphs[idx - 1].cluster != g.cluster {
            next = g.cluster as usize;
        }
    }
    glyphs.extend(line_glyphs.iter().zip(ends).map(|(g, end)| {
        let start = g.cluster as usize;
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
