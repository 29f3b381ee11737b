//! mvplan: a marketing plan as a TOML file → checked → a strategy pitch deck.
//!
//! The pipeline, one module per stage, in the order data flows:
//!
//! 1. [`plan`]: the TOML file → the typed [`plan::Plan`], every value with its span.
//! 2. [`figures`]: totals, shares, phasing, forecasts and the alignment score,
//!    computed once from the plan.
//! 3. [`check`]: the rule catalogue → [`diagnostic::Finding`]s with rule ids.
//! 4. [`report`]: findings → human (rustc-style) or JSON output.
//! 5. [`deck`]: plan + figures + findings → view model → Tera → the Markdown deck.
//! 6. [`render`]: the Markdown deck (and a [`theme::Theme`]) → PDF or HTML.
//!
//! Across plans: [`policy`] (the organisation's rules, applied in stage 3)
//! and [`portfolio`] (many plans checked and rolled up for review).
//!
//! On top: [`pipeline`] (stages 1 to 3 for one file, as one call), [`app`]
//! (plan → checked plan → deck → file, the one API the CLI, `--watch` and
//! the server call) and [`serve`] (the workbench in the browser).

pub mod diagnostic;
pub mod foreign;
pub mod format;
pub mod sandbox;
pub mod source;
pub mod theme;

pub mod plan;
pub mod policy;

pub mod figures;

pub mod invest;

pub mod curves;

pub mod actuals;

pub mod track;

pub mod export;

pub mod check;

pub mod deck;

pub mod render;

pub mod report;

pub mod catalogue;

pub mod diff;

pub mod portfolio;

pub mod output;

pub mod schema;

pub mod workbook;

pub mod pipeline;

pub mod app;

pub mod serve;

pub use pipeline::{
    check_any_path, check_path, check_path_with, check_source, check_source_with, load_policy,
    read_plan,
};
