//! Page breaks: a slide's pieces that do not fit one page, cut into pages
//! as a typesetter would — between pieces only, a heading kept with what
//! follows, a table's header repeated, never inside a sentence that fits on
//! a page, and never a last page of one or two rows (a board reads a
//! "(cont.)" slide of one channel row, or of a sentence's tail, as a
//! broken deck).

use super::layout::{Piece, Prim};
use crate::render::markdown::{Block, plain};

/// Rows, paragraphs or list items a continuation holds at least, when the
/// page before can spare them.
pub(super) const LEAST_ON_LAST_PAGE: usize = 3;

/// What a widow continuation is topped up to from the page before: one
/// more than the least, so a closing line ("8 notes: …") is not one of
/// three (a board read two warnings and that line as a thin slide).
const TOPPED_UP: usize = LEAST_ON_LAST_PAGE + 1;

pub(super) fn total_height(pieces: &[Piece]) -> f32 {
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| p.height + if i == 0 { 0.0 } else { p.space_before })
        .sum()
}

/// Splits pieces into pages of at most `body_h`: between pieces only,
/// headings kept with what follows, a paragraph or list item moved whole
/// to the next page when it fits one (else cut after a sentence), table
/// headers repeated; then the last page balanced.
pub(super) fn paginate(pieces: Vec<Piece>, body_h: f32) -> Vec<Vec<Piece>> {
    let mut pages = split(pieces.clone(), body_h);
    balance_last_page(&mut pages, body_h);
    // Three pages or more still ending thin (9 channel rows as 4, 3 and 2:
    // the page before the last had no row to spare): the same number of
    // pages, each filled a little less, so the rows spread evenly.
    let n = pages.len();
    if n > 2 && thin(&pages) {
        for step in 1..=8 {
            let h = body_h * (1.0 - 0.05 * step as f32);
            let mut spread = split(pieces.clone(), h);
            balance_last_page(&mut spread, h);
            if spread.len() > n {
                break;
            }
            if spread.len() == n && !thin(&spread) {
                return spread;
            }
        }
    }
    pages
}

/// [`paginate`] before the last page is balanced: whether its end is thin
/// says whether a point smaller is worth trying, even where balancing
/// would pad the continuation out (rows of a table moved over to a small
/// one that stood alone: one page at 13 pt reads better than two).
pub(super) fn split(pieces: Vec<Piece>, body_h: f32) -> Vec<Vec<Piece>> {
    let mut pages: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut used = 0.0;
    for piece in pieces {
        let page = pages.last().map_or(0, Vec::len);
        let need = piece.height + if page == 0 { 0.0 } else { piece.space_before };
        if page > 0 && used + need > body_h {
            let carried = match pages.last_mut() {
                Some(last) => carried_over(last, &piece, body_h),
                None => Vec::new(),
            };
            let mut next = Vec::new();
            if let Some(header) = &piece.header
                && carried.is_empty()
            {
                next.push((**header).clone());
            }
            next.extend(carried);
            used = total_height(&next);
            pages.push(next);
        }
        let page = pages.last().map_or(0, Vec::len);
        used += piece.height + if page == 0 { 0.0 } else { piece.space_before };
        if let Some(last) = pages.last_mut() {
            last.push(piece);
        }
    }
    pages.retain(|p| !p.is_empty());
    pages
}

/// The pieces at the end of a full page that go over with `next`: trailing
/// headings; the earlier lines of a paragraph or list item that `next`
/// continues (the whole unit when it fits on one page, else the lines after
/// its last full sentence on this page).
fn carried_over(last: &mut Vec<Piece>, next: &Piece, body_h: f32) -> Vec<Piece> {
    let mut start = last.len();
    while start > 1 && last[start - 1].keep_with_next {
        start -= 1;
    }
    if start < last.len() || !next.joined {
        return last.drain(start..).collect();
    }
    // `next` continues a unit begun on this page: where does it begin?
    let mut first = last.len();
    while first > 0 && last[first - 1].joined {
        first -= 1;
    }
    first = first.saturating_sub(1);
    while first > 0 && last[first - 1].keep_with_next {
        first -= 1;
    }
    let whole = total_height(&last[first..]) + next.height;
    if first > 0 && whole <= body_h {
        return last.drain(first..).collect();
    }
    // Too long for any page: cut after the last sentence that ends on
    // this page, if one does.
    match (first..last.len()).rev().find(|&k| ends_sentence(&last[k])) {
        Some(k) if k + 1 < last.len() => last.drain(k + 1..).collect(),
        _ => Vec::new(),
    }
}

/// Whether a line's text ends a sentence (or a clause a reader can stop at).
fn ends_sentence(piece: &Piece) -> bool {
    let mut runs: Vec<(f32, &str)> = piece
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Text { x, run, .. } => Some((*x, run.text.as_str())),
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs.last().is_some_and(|(_, t)| {
        t.trim_end()
            .trim_end_matches(['*', '_', ')', '”', '"'])
            .ends_with(['.', '!', '?', ':', ';'])
    })
}

/// A table's header repeated at the top of a continuation.
fn is_repeated_header(p: &Piece) -> bool {
    p.header.is_none() && p.columns.is_some() && p.keep_with_next
}

/// Rows, paragraphs and list items on a page (a repeated header and
/// headings not counted; a page that opens inside a paragraph counts it).
pub(super) fn units(page: &[Piece]) -> usize {
    let opened = page.first().is_some_and(|p| p.joined) as usize;
    opened
        + page
            .iter()
            .filter(|p| !p.joined && !p.keep_with_next && !is_repeated_header(p))
            .count()
}

/// The rows of a table continued on this page (under its repeated
/// header), if the page continues one — its total rows not counted: a
/// "(cont.)" of a table's totals alone, away from the rows they sum, read
/// as a broken slide (hotel's resources).
fn continued_rows(page: &[Piece]) -> Option<usize> {
    let header = page.first().filter(|p| is_repeated_header(p))?;
    Some(
        page.iter()
            .filter(|p| !p.joined && p.header.is_some() && same_table(p, header))
            .filter(|p| !is_total_row(p))
            .count(),
    )
}

/// A table's total or summary row: its first cell set in bold or italics,
/// and either naming a total or with every other filled cell so set too
/// ("**Total in this budget**", "*Whole team, as capacity counts it*"). A
/// row whose bold first cell is only its name ("**Budget cut**" beside
/// plain figures) is a row like the others.
fn is_total_row(p: &Piece) -> bool {
    let Some(first_width) = p.columns.as_ref().and_then(|c| c.first().copied()) else {
        return false;
    };
    let runs: Vec<(f32, &super::prim::Run)> = p
        .prims
        .iter()
        .filter_map(|q| match q {
            Prim::Text { x, run, .. } if !run.text.trim().is_empty() => Some((*x, run)),
            _ => None,
        })
        .collect();
    let Some(left) = runs.iter().map(|(x, _)| *x).reduce(f32::min) else {
        return false;
    };
    let styled = |r: &super::prim::Run| r.face != super::fonts::Face::Regular;
    let (first, rest): (Vec<_>, Vec<_>) = runs.iter().partition(|(x, _)| *x < left + first_width);
    if first.is_empty() || !first.iter().all(|(_, r)| styled(r)) {
        return false;
    }
    let named = first
        .first()
        .is_some_and(|(_, r)| r.text.trim_start().to_lowercase().starts_with("total"));
    named || rest.iter().all(|(_, r)| styled(r))
}

/// Too little for a page of its own: under three rows, paragraphs or
/// items — or a continued table of under three rows, whatever follows it
/// (two channel rows and a note under them still read as a stub table).
fn short(page: &[Piece]) -> bool {
    units(page) < LEAST_ON_LAST_PAGE
        || continued_rows(page).is_some_and(|rows| rows < LEAST_ON_LAST_PAGE)
}

/// Whether a slide's last page holds too little to stand as a slide.
pub(super) fn thin(pages: &[Vec<Piece>]) -> bool {
    pages.len() > 1 && pages.last().is_some_and(|p| short(p))
}

/// A last page of one or two rows or paragraphs reads as a broken slide:
/// whole paragraphs, list items and table rows move to it from the page
/// before (which has room to give, being full), as a typesetter avoids a
/// widow — never part of a sentence, only while they fit, and never more
/// than the page before can spare. A table row goes below the repeated
/// header; a heading goes with what follows it.
fn balance_last_page(pages: &mut [Vec<Piece>], body_h: f32) {
    let [.., before, last] = pages else {
        return;
    };
    if !short(last) {
        return;
    }
    let topped = |last: &[Piece]| {
        units(last) >= TOPPED_UP && continued_rows(last).is_none_or(|r| r >= LEAST_ON_LAST_PAGE)
    };
    while !topped(last) {
        // The last whole unit on the page before: its first line and the
        // lines joined to it, with any heading just above.
        let mut start = before.len();
        while start > 0 && before[start - 1].joined {
            start -= 1;
        }
        start = start.saturating_sub(1);
        while start > 0 && before[start - 1].keep_with_next {
            start -= 1;
        }
        let unit = &before[start..];
        let row = unit.iter().all(|p| p.header.is_some());
        let plain = unit
            .iter()
            .all(|p| p.header.is_none() && p.columns.is_none());
        // A row joins the rows of its own table, below their header; the
        // last row of a table continued from the page before goes above
        // another table that opens the page (a small table after a long
        // one — agencies after the team — was a stub page of its own),
        // under its own header repeated.
        let (at, header) = match last.first() {
            Some(h) if row && is_repeated_header(h) && same_table(&unit[0], h) => (1, None),
            Some(h) if row && h.columns.is_some() && !same_table(&unit[0], h) => {
                match &unit[0].header {
                    Some(header) => (0, Some((**header).clone())),
                    None => return,
                }
            }
            _ if plain && last.first().is_none_or(|p| p.columns.is_none()) => (0, None),
            _ => return,
        };
        let header_h = header.as_ref().map_or(0.0, |h| h.height);
        let fits =
            header_h + total_height(unit) + total_height(last) + gap(&last[at.min(last.len())..])
                <= body_h;
        let spare = units(&before[..start]) >= LEAST_ON_LAST_PAGE;
        if start == 0 || !spare || !fits {
            return;
        }
        let moved: Vec<Piece> = header.into_iter().chain(before.drain(start..)).collect();
        last.splice(at..at, moved);
    }
}

/// Whether two table pieces belong to one table (they share its columns).
fn same_table(a: &Piece, b: &Piece) -> bool {
    match (&a.columns, &b.columns) {
        (Some(x), Some(y)) => std::rc::Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// The space between a moved unit and the first piece below it.
fn gap(below: &[Piece]) -> f32 {
    below.first().map_or(0.0, |p| p.space_before)
}

/// A note: a paragraph all in italics (the deck's footnotes: "*Costs: …*",
/// "*Not bridged: …*"), which can go to the speaker notes — except a
/// footnote a mark on the slide points at ("¹ the scenario's budget; …"):
/// moved, it left "$1.48M¹" pointing at nothing (a reader's defect slide).
pub(super) fn is_note(block: &Block) -> bool {
    match block {
        Block::Paragraph(spans) => {
            spans.iter().any(|s| !s.text.trim().is_empty())
                && spans
                    .iter()
                    .all(|s| s.style.italic || s.text.trim().is_empty())
                && !plain(spans)
                    .trim_start()
                    .starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '†', '‡'])
        }
        _ => false,
    }
}

/// A note's text, for the speaker notes.
pub(super) fn note_text(block: &Block) -> String {
    match block {
        Block::Paragraph(spans) => plain(spans),
        _ => String::new(),
    }
}

/// Whether a slide's pages end on a stub: a continuation of at most two
/// rows, paragraphs or items besides its notes (`notes[block]`) — a
/// "(cont.)" a board reads as padding.
pub(super) fn stub(pages: &[Vec<Piece>], notes: &[bool]) -> bool {
    let Some(last) = pages.last().filter(|_| pages.len() > 1) else {
        return false;
    };
    let content: Vec<Piece> = last
        .iter()
        .filter(|p| !notes.get(p.origin.0).copied().unwrap_or(false))
        .cloned()
        .collect();
    units(&content) < LEAST_ON_LAST_PAGE
}
