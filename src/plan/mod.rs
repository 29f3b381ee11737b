//! Stage 1 of the pipeline: the plan file → the typed model.

pub mod ask;
pub mod conversion;
pub mod decision;
pub mod edit;
pub(crate) mod fields;
pub mod kinds;
pub mod links;
pub(crate) mod load;
pub mod located;
pub mod memo;
pub mod model;
pub mod money;
pub mod owners;
pub mod rules;
mod scenario;
pub mod stack;
pub mod value_note;
pub mod words;
pub mod words_amounts;
pub mod words_prices;
pub mod words_texts;

pub use fields::is_slug;
pub use links::Links;
pub use load::{MAX_FILE_BYTES, parse, read, read_named};
pub use model::*;
pub use stack::{Automation, CAPABILITIES, Capability, Scope, Tool};
