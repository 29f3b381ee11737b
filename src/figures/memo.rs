//! Figures derived from the plan that many slides and rules read, each
//! computed at most once per [`Figures`](super::Figures).
//!
//! `mvplan check` builds the pitch deck's view (to compare what its slides
//! state) and runs the rules; `render` then builds the view again with the
//! findings. The same derived figures — an objective's shown forecast and
//! value bridge, the prices the words disagree on, the gap a hire fills —
//! were computed afresh by every slide and rule that reads them, a dozen
//! times a run. They hang off the plan's [`Figures`](super::Figures),
//! which every caller already holds and which is computed once per plan,
//! so a value is computed on first use and shared by the rest.
//!
//! Only pure functions of the plan and its figures go in: what a memo
//! returns is what the direct computation returns (the tests compare them
//! on the outside plans). The memo is never carried by a clone, because a
//! clone may be changed (the workbench edits a copy of a plan's figures):
//! a cloned `Figures` starts empty.

pub use crate::plan::memo::Memo;
