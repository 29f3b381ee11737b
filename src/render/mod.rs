//! Stage 6: the Markdown deck → presentable formats (PDF, HTML). Renderers read only the
//! Markdown deck and the theme, never the plan, so a hand-written deck or a
//! user's custom templates render the same way.

pub mod chart;
pub mod html;
pub mod markdown;
pub mod pdf;
