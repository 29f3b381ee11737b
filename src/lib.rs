//! mvplan: a marketing plan as one TOML file → checked like code → a
//! strategy pitch deck (Markdown, PDF, HTML, editable PowerPoint), and the
//! year that follows: portfolio review, media investment, plan vs actual,
//! resources, the martech stack and exports for finance.
//!
//! The modules below are grouped by stage, in the order data flows; each
//! depends only on those above it (`tests/it/architecture.rs` holds that,
//! and no import cycle between files inside a folder either).

// Foundations, shared by every stage: currency codes and symbols; rules,
// severities and findings (the one vocabulary of problems); a panic boundary
// around third-party parsers; ratios, numbers and money as people read them,
// and the round steps of an axis; outputs written atomically; which files an
// input may make mvplan read; a file's text and byte offset → line:column.
// `ratio` comes first: `format` writes every return and multiple with its
// one precision.
pub mod ratio;

pub mod currency;
pub mod diagnostic;
pub mod foreign;
// `format_units` before `format`, which re-exports it: a figure beside the
// metric it counts, its unit said once.
pub mod format_units;

pub mod format;
pub mod output;
pub mod sandbox;
pub mod source;
pub mod ticks;

// 1. Plan: the TOML file → the typed model, every value with its span; the
// look of every output (a theme); then the organisation's policy (which may
// name a theme).
pub mod plan;
pub mod theme;

pub mod policy;

// 2. Figures, computed once from the plan: response curves imported from
// marketing-mix models; totals, shares, phasing, forecasts, media, capacity
// and the score; the media-investment decision (`mvplan optimize`).
pub mod curves;
pub mod figures;
pub mod invest;

// Plan vs actual: CSV and XLSX actuals → typed rows; spend and results
// against the plan at a date (`mvplan track`).
pub mod actuals;
pub mod track;
pub mod triggers;
pub mod verdict;

// 3. Check: the rules, run over plan and figures → findings with rule ids.
pub mod check;

// 4. Report: findings → rustc-style text or JSON.
pub mod report;

// For editors and reviewers: the formats' JSON Schemas (with the rule ids a
// policy may name); two versions of a plan compared (`mvplan diff`, the
// deck's What changed).
pub mod schema;

pub mod diff;

// 5. Deck: plan + figures + findings → view model → Tera → the Markdown deck.
pub mod deck;

// 6. Render: the Markdown deck and a theme → PDF, HTML or PPTX.
pub mod render;

// For other people's tools: spreadsheets for finance (budget, actuals
// template, variance); the whole plan as an Excel workbook and back
// (`export --what plan-workbook`, `mvplan import`).
pub mod export;
pub mod workbook;

// Stages 1 to 3 for one file, as one call (a plan, TOML or workbook; a
// policy; a theme) — what `check`, the portfolio and the application share.
pub mod pipeline;

// Across plans: many plans checked and rolled up (`mvplan review`); every
// rule in one list (`mvplan explain`, docs/rules.md).
pub mod portfolio;

pub mod catalogue;

// On top: the application layer (plan → checked plan → deck → file, the one
// API the CLI, `--watch` and the server call) and the workbench in the
// browser (`mvplan serve`).
pub mod app;
pub mod serve;

pub use pipeline::{
    check_any_path, check_path, check_path_with, check_read, check_source, check_source_with,
    load_policy, read_any, read_plan,
};
