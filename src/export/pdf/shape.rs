//! Fills and rules → paths on the page's surface, each marked as a layout artifact.

use krilla::geom::{PathBuilder, Rect as KRect};
use krilla::paint::{Fill, Stroke};
use krilla::tagging::{Artifact, ArtifactType, ContentTag};

use super::{PageContext, paint, solid};
use crate::layout::theme::Color;
use crate::layout::{Pt, Rect};

/// Fills `rect` with `color` (a background); a rectangle krilla refuses draws nothing.
pub(super) fn handle_fill(pc: &mut PageContext<'_, '_>, rect: &Rect, color: Color) {
    let Some(r) = KRect::from_xywh(rect.x.0, rect.y.0, rect.width.0, rect.height.0) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(r);
    decoration(pc, pb, Some(solid(color)), None);
}

/// Strokes the straight line from `from` to `to` (x, y), `width` wide, in `color`.
pub(super) fn handle_rule(
    pc: &mut PageContext<'_, '_>,
    from: (Pt, Pt),
    to: (Pt, Pt),
    width: Pt,
    color: Color,
) {
    let mut pb = PathBuilder::new();
    pb.move_to(from.0.0, from.1.0);
    pb.line_to(to.0.0, to.1.0);
    let stroke = Stroke { paint: paint(color), width: width.0, ..Stroke::default() };
    decoration(pc, pb, None, Some(stroke));
}

/// Draws the path `pb` as a layout artifact (a background or a rule) with `fill` or `stroke`,
/// after closing the marked content sequence of text left open. An empty path draws nothing.
fn decoration(
    pc: &mut PageContext<'_, '_>,
    pb: PathBuilder,
    fill: Option<Fill>,
    stroke: Option<Stroke>,
) {
    pc.close_marked();
    let Some(path) = pb.finish() else { return };
    let surface = &mut pc.surface;
    surface.start_tagged(ContentTag::Artifact(Artifact::new(ArtifactType::Layout, None)));
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(&path);
    surface.end_tagged();
    surface.set_stroke(None);
}
