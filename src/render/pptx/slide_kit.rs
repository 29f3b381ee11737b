//! What every writer of one slide's shapes shares — the slide itself, its
//! text, its tables: text sizes, shape and relationship ids, and which part
//! of a block is on this page. Its own file so that the slide writer and
//! the text and table writers it calls do not import each other.

use super::package::Rel;

/// Text sizes at the page's fit scale (from the PDF's composition), pt;
/// `None`: the placeholder's own (a template's cover and section slides).
#[derive(Clone, Copy)]
pub struct Sizes {
    pub h: [Option<f32>; 3],
    pub body: Option<f32>,
    pub table: Option<f32>,
    pub code: Option<f32>,
}

/// Shape ids on a slide: unique, from 2 (1 is the tree).
pub struct Ids(pub u32);

impl Ids {
    pub fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// Relationship ids on a slide (`rId1` is the layout), and what runs of
/// text need to know about the slide.
pub struct Rels {
    pub list: Vec<Rel>,
    /// The typeface of text runs that are not code: set on every run, as
    /// LibreOffice otherwise carries a code run's font on to the next.
    pub body_font: String,
    /// Whether list bullets are mvplan's (else the template's own).
    pub own_bullets: bool,
}

impl Rels {
    pub fn add(&mut self, kind: &'static str, target: String, external: bool) -> String {
        if let Some(r) = self
            .list
            .iter()
            .find(|r| r.kind == kind && r.target == target)
        {
            return r.id.clone();
        }
        let id = format!("rId{}", self.list.len() + 2);
        self.list.push(Rel {
            id: id.clone(),
            kind,
            target,
            external,
        });
        id
    }
}

/// Which of a block's parts are on this page, when not all are.
#[derive(Clone, Debug)]
pub struct Part {
    /// The part indices on this page (lines, list items, table rows).
    pub on_page: Vec<usize>,
    /// How many parts the block has on all pages.
    pub total: usize,
}
