//! The marked content of each part of the document → the structure tree and the outline.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU16;

use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};
use krilla::tagging::{Node, TableHeaderScope, Tag, TagGroup, TagTree};

use crate::layout::{DocumentInfo, Origin, Pt};

/// The marked content of each part of the document (in reading order within each part), and
/// whether the part is a link. Body cells, most of the parts, sit in one list by row and column.
pub(super) struct Marked {
    columns: usize,
    rows: usize,
    cells: Vec<Part>,
    others: BTreeMap<Origin, Part>,
}

#[derive(Default)]
pub(super) struct Part {
    pub(super) nodes: Vec<Node>,
    /// The part's text is a link (its annotation is the first node).
    pub(super) linked: bool,
}

impl Marked {
    pub(super) fn new(info: &DocumentInfo) -> Marked {
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

    pub(super) fn part(&mut self, origin: Origin) -> &mut Part {
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

fn group(tag: impl Into<krilla::tagging::TagKind>, children: Vec<Node>) -> TagGroup {
    TagGroup::with_children(tag, children)
}

/// The structure tree, in reading order.
pub(super) fn tag_tree(doc: &DocumentInfo, mut content: Marked) -> TagTree {
    let notes: Vec<Origin> =
        content.others.keys().copied().filter(|o| matches!(o, Origin::Note(_))).collect();
    let mut tree = TagTree::new().with_lang(Some(doc.lang.clone()));
    let h1 = NonZeroU16::MIN;
    tree.push(group(Tag::Hn(h1, Some(doc.title.clone())), content.take(Origin::Title).nodes));
    for origin in [Origin::Source, Origin::Updated] {
        let nodes = content.take(origin).nodes;
        if !nodes.is_empty() {
            tree.push(group(Tag::P, nodes));
        }
    }
    tree.push(table(doc, &mut content));

    let notes_heading = content.take(Origin::NotesHeading { continued: false }).nodes;
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

/// The table's structure: its caption, its header row, then one row per body row, whose
/// `row_header` column is a row header and whose linked cells hold a Link.
fn table(doc: &DocumentInfo, content: &mut Marked) -> TagGroup {
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
    table
}

/// Bookmarks: the title, the table (its top on page 1), the notes (page from 0, top).
pub(super) fn outline(
    info: &DocumentInfo,
    table_top: Option<Pt>,
    notes_top: Option<(usize, Pt)>,
) -> Outline {
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
