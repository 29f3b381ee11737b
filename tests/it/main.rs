//! The integration tests, one binary: each file is a module (as cargo and
//! rust-analyzer keep theirs), so the crate and its dependencies are linked
//! once rather than once per file.

mod common;

mod appendix;
mod architecture;
mod ask_funding;
mod asks_risks;
mod board;
mod browser;
mod cli;
mod corpus;
mod coverage;
mod craft;
mod diff;
mod docs;
mod export;
mod health_units;
mod hostile;
mod html;
mod media;
mod operations;
mod outside;
mod outside_decks;
mod pdf;
mod pdf_glyphs;
mod people_terms;
mod portfolio;
mod pptx;
mod properties;
mod reconcile_outside;
mod render;
mod risk_ask_board;
mod risk_board;
mod risks_outside;
mod rules;
mod safety;
mod scenario_board;
mod scenario_changes;
mod scenarios_asks;
mod schema;
mod serve;
mod serve_browser;
mod slide_structure;
mod story_outside;
mod structure_outside;
mod tables;
mod ties;
mod track;
mod track_year;
mod units;
mod value;
mod value_return;
mod words_figures;
mod words_settle;
mod workbook;
