//! Link items → link annotations on their page, each first in its part's Link element.

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::geom::Rect as KRect;
use krilla::tagging::Node;

use super::PageContext;
use super::tags::Marked;
use crate::layout::{Origin, Rect};

/// A link of the page being painted, annotated once the page's surface is finished (krilla adds
/// annotations to the page, which the surface borrows while it is open).
pub(super) struct PendingLink<'p> {
    origin: Origin,
    rect: Rect,
    url: &'p str,
    description: &'p str,
}

/// Keeps the link to `url` over `rect`, described by `description`, for [`annotate`].
pub(super) fn handle_link<'p>(
    pc: &mut PageContext<'_, 'p>,
    origin: Origin,
    rect: &Rect,
    url: &'p str,
    description: &'p str,
) {
    pc.links.push(PendingLink { origin, rect: *rect, url, description });
}

/// Adds `links` to `kpage` as tagged link annotations, at least 1 pt wide and high, and marks
/// their parts of `content` as links.
pub(super) fn annotate(
    kpage: &mut krilla::page::Page<'_>,
    content: &mut Marked,
    links: Vec<PendingLink<'_>>,
) {
    for PendingLink { origin, rect, url, description } in links {
        let Some(r) =
            KRect::from_xywh(rect.x.0, rect.y.0, rect.width.0.max(1.0), rect.height.0.max(1.0))
        else {
            continue;
        };
        let action = Action::Link(LinkAction::new(url.to_owned()));
        let annotation = LinkAnnotation::new(r, Target::Action(action));
        let id = kpage
            .add_tagged_annotation(Annotation::new_link(annotation, Some(description.to_owned())));
        // The annotation comes first in its Link group (krilla's best practice).
        let part = content.part(origin);
        part.nodes.insert(0, Node::from(id));
        part.linked = true;
    }
}
