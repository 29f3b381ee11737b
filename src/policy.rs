//! Organisation policy: the rules a CMO's office sets for every business
//! unit's plan — required sections, allowed channel categories, caps and
//! minimums, severity changes, required KPIs, and the currency and exchange
//! rates of portfolio roll-ups.
//!
//! A policy file is TOML, read with the same located reader as plans, so its
//! mistakes are reported like a plan's (file:line:col, "did you mean").

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use toml::de::DeTable;

use crate::diagnostic::{Finding, did_you_mean};
use crate::plan::fields::{Fields, Sink};
use crate::plan::model::Located;
use crate::plan::{money, rules};
use crate::source::SourceFile;

/// The name `check`, `render` and `review` look for beside a plan or in a
/// parent directory.
pub const FILE_NAME: &str = "mvplan-policy.toml";

/// Fields a policy can require (on every item of a section that has them).
pub const FIELDS: &[&str] = &[
    "plan.unit",
    "plan.version",
    "goals.baseline",
    "objectives.baseline",
    "insights.source",
    "insights.date",
    "insights.confidence",
    "assumptions.test",
    "assumptions.test_by",
    "channels.category",
    "channels.phasing",
    "channels.forecast",
    "risks.mitigation",
    "risks.owner",
    "initiatives.owner",
];

/// Sections a policy can require.
pub const SECTIONS: &[&str] = &[
    "goals",
    "objectives",
    "audiences",
    "insights",
    "strategy",
    "assumptions",
    "channels",
    "team",
    "agencies",
    "scenarios",
    "initiatives",
    "milestones",
    "risks",
    "asks",
];

#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub path: PathBuf,
    pub name: Option<String>,
    /// The currency of roll-ups; plans in other currencies need a rate.
    pub currency: Option<Located<String>>,
    /// Units of the policy currency per unit of another currency.
    pub rates: Vec<(Located<String>, Located<Decimal>)>,
    /// A built-in theme name or a theme file (relative to the policy).
    pub theme: Option<String>,
    /// A PowerPoint template file, relative to the policy (`--format pptx`).
    pub pptx_template: Option<String>,
    pub require_sections: Vec<Located<String>>,
    /// `section.field` names every item must fill in.
    pub require_fields: Vec<Located<String>>,
    /// The least a plan's `status` must be for a review to pass.
    pub require_status: Option<crate::plan::Status>,
    /// Allowed channel categories (empty: any).
    pub categories: Vec<Located<String>>,
    /// Largest share of spend one channel may take, percent.
    pub max_channel_share: Option<Located<Decimal>>,
    pub insight_max_age_months: Option<u32>,
    pub min_upstream_share: Option<Decimal>,
    pub min_upstream_fte_share: Option<Decimal>,
    pub curve_tolerance: Option<Decimal>,
    pub saturation_fraction: Option<Decimal>,
    pub misallocation_threshold: Option<Decimal>,
    /// The amount reallocations move money in, when a plan does not say.
    pub reallocation_step: Option<Decimal>,
    /// Tracking thresholds (as a plan's `[checks]`).
    pub overspend_tolerance: Option<Decimal>,
    pub underpacing_threshold: Option<Decimal>,
    pub pace_tolerance: Option<Decimal>,
    pub actuals_max_age_days: Option<u32>,
    pub allow: Vec<Located<String>>,
    pub warn: Vec<Located<String>>,
    pub deny: Vec<Located<String>>,
    /// KPI names every channel of a category must have.
    pub kpis: Vec<(Located<String>, Vec<Located<String>>)>,
    /// `[stack.central]`: what the group provides every unit.
    pub central_stack: Vec<CentralTool>,
}

/// A capability the group provides centrally, and the tool that does.
#[derive(Debug, Clone)]
pub struct CentralTool {
    pub capability: crate::plan::Capability,
    pub tool: String,
    pub span: crate::diagnostic::Span,
}

impl Policy {
    /// The PowerPoint template the policy names, resolved beside it.
    pub fn pptx_template_path(&self) -> Option<Result<PathBuf, crate::sandbox::Refusal>> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self.pptx_template.as_deref()?;
        Some(crate::sandbox::Sandbox::beside(&dir).resolve(name))
    }

    /// The rate that converts `currency` into the policy's currency.
    pub fn rate(&self, currency: &str) -> Option<Decimal> {
        match &self.currency {
            Some(c) if c.value == currency => Some(Decimal::ONE),
            None => None,
            _ => self
                .rates
                .iter()
                .find(|(c, _)| c.value == currency)
                .map(|(_, r)| r.value),
        }
    }
}

fn max_rate() -> Decimal {
    Decimal::from(1_000_000_000)
}

fn min_rate() -> Decimal {
    Decimal::new(1, 9)
}

impl Policy {
    /// The theme the policy names, parsed, with the directory it must be in.
    pub fn theme_ref(&self) -> Option<(crate::theme::ThemeRef, PathBuf)> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let spec = self.theme.as_deref()?;
        Some((crate::theme::ThemeRef::parse(spec, &dir), dir))
    }
}

/// Finds `mvplan-policy.toml` beside `plan` or in a parent directory.
///
/// The search stops at the repository root (a directory with `.git`) or the
/// user's home, never climbing to `/`; and a policy file that another user
/// owns, or that others may write to (or that sits in a directory others
/// may write to, like `/tmp`), is passed over: anyone could have planted it.
pub fn discover(plan: &Path) -> Option<PathBuf> {
    discover_with(plan, &mut |_, _| {})
}

/// [`discover`], telling `passed_over` about every policy file it did not
/// trust and why.
pub fn discover_with(plan: &Path, passed_over: &mut dyn FnMut(&Path, &str)) -> Option<PathBuf> {
    let start = match plan.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let start = start.canonicalize().unwrap_or(start);
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|h| h.canonicalize().ok());
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            match untrusted(&candidate) {
                None => return Some(candidate),
                Some(why) => passed_over(&candidate, why),
            }
        }
        let at_root = dir.join(".git").exists() || home.as_deref() == Some(dir);
        if at_root {
            break;
        }
    }
    None
}

/// Why a discovered policy file should not be trusted, if it should not.
#[cfg(unix)]
fn untrusted(path: &Path) -> Option<&'static str> {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Some("it cannot be read");
    };
    // The effective user, without a libc dependency: `/proc/self` belongs
    // to it. (Without procfs the ownership test is skipped; the
    // writable-by-others tests still apply.) Root's files are trusted.
    let me = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
    if let Some(me) = me
        && meta.uid() != me
        && meta.uid() != 0
    {
        return Some("another user owns it");
    }
    if meta.mode() & 0o002 != 0 {
        return Some("anyone may write to it");
    }
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::metadata(dir)
        // World-writable without the sticky bit: anyone may replace it.
        // With the sticky bit (/tmp), only its owner may, but anyone may
        // have put it there first: also not trusted.
        && d.mode() & 0o002 != 0
    {
        return Some("it is in a directory anyone may write to");
    }
    None
}

#[cfg(not(unix))]
fn untrusted(_path: &Path) -> Option<&'static str> {
    None
}

/// Reads and parses a policy file. On failure: the source (if it could be
/// read) and the findings.
pub fn load(path: &Path) -> Result<Policy, (Option<SourceFile>, Vec<Finding>)> {
    let source = crate::plan::read_named(path).map_err(|f| (None, vec![*f]))?;
    parse(&source).map_err(|findings| (Some(source), findings))
}

pub fn parse(source: &SourceFile) -> Result<Policy, Vec<Finding>> {
    match parse_partial(source) {
        (Some(policy), findings) if findings.is_empty() => Ok(policy),
        (_, findings) => Err(findings),
    }
}

/// Parses what can be parsed: the policy (unless the TOML itself is
/// broken) and every problem found, so that later stages can add theirs.
pub fn parse_partial(source: &SourceFile) -> (Option<Policy>, Vec<Finding>) {
    let (doc, errors) = DeTable::parse_recoverable(&source.text);
    let sink = Sink::new(&source.text);
    for e in &errors {
        sink.push(
            Finding::new(&rules::SYNTAX, "invalid TOML")
                .at(e.span().unwrap_or(0..0))
                .label(e.message().trim().to_string())
                .help("fix the TOML syntax here; see `mvplan docs policy`"),
        );
    }
    if !errors.is_empty() {
        return (None, sink.into_findings());
    }
    let mut root = Fields::new(doc.get_ref(), doc.span(), "the policy file", &sink);
    let mut policy = Policy {
        path: source.path.clone(),
        ..Policy::default()
    };
    if let Some(t) = root.table("policy") {
        read_head(t, &mut policy);
    }
    // Read only when present, but known always, for "did you mean".
    root.know(&["rates", "kpis"]);
    if root.has_key("rates") {
        policy.rates = root.id_numbers("rates");
        check_rates(&policy.rates, &sink);
    }
    if let Some(t) = root.table("require") {
        read_require(t, &mut policy);
    }
    if let Some(t) = root.table("channels") {
        read_channels(t, &mut policy);
    }
    if let Some(t) = root.table("checks") {
        read_checks(t, &mut policy);
    }
    if root.has_key("kpis") {
        policy.kpis = root.string_lists("kpis");
    }
    if let Some(t) = root.table("stack") {
        read_stack(t, &mut policy);
    }
    root.finish();
    (Some(policy), sink.into_findings())
}

/// `[policy]`: its name, currency, theme and PowerPoint template.
fn read_head(mut t: Fields<'_, '_>, policy: &mut Policy) {
    policy.name = t.text("name");
    policy.currency = t.str("currency");
    if let Some(c) = &policy.currency
        && !money::is_currency(&c.value)
    {
        t.invalid(
            c.span.clone(),
            format!("`{}` is not an ISO 4217 currency code", c.value),
            "use a code such as \"EUR\"",
        );
    }
    policy.theme = t.text("theme");
    policy.pptx_template = t.text("pptx_template");
    t.finish();
}

/// `[rates]`: keyed by currency codes, each rate within range.
fn check_rates(rates: &[(Located<String>, Located<Decimal>)], sink: &Sink<'_>) {
    for (code, rate) in rates {
        if !money::is_currency(&code.value) {
            sink.push(
                Finding::new(
                    &rules::INVALID_VALUE,
                    format!("`{}` is not an ISO 4217 currency code", code.value),
                )
                .at(code.span.clone())
                .help("exchange rates are keyed by currency codes such as GBP or USD"),
            );
        }
        if rate.value <= Decimal::ZERO {
            sink.push(
                Finding::new(&rules::INVALID_VALUE, format!("the rate for {} must be above zero", code.value))
                    .at(rate.span.clone())
                    .help("a rate is how many units of the policy currency one unit of this currency is worth"),
            );
        } else if rate.value > max_rate() || rate.value < min_rate() {
            // Budgets go up to 10^15; a rate outside 10^-9..10^9 makes
            // converted budgets overflow (or vanish) in the roll-up.
            sink.push(
                Finding::new(
                    &rules::INVALID_VALUE,
                    format!("the rate for {} is out of range", code.value),
                )
                .at(rate.span.clone())
                .label("rates are between 0.000000001 and 1,000,000,000")
                .help("a rate is how many units of the policy currency one unit of this currency is worth, e.g. `GBP = 1.17`"),
            );
        }
    }
}

/// `[require]`: the sections, fields and status every plan must have.
fn read_require(mut t: Fields<'_, '_>, policy: &mut Policy) {
    policy.require_sections = t.strings("sections");
    policy.require_fields = t.strings("fields");
    policy.require_status = t.choice("status", crate::plan::load::STATUS);
    for f in &policy.require_fields {
        if !FIELDS.contains(&f.value.as_str()) {
            let help = match did_you_mean(&f.value, FIELDS.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("the fields a policy can require are: {}", FIELDS.join(", ")),
            };
            t.invalid(
                f.span.clone(),
                format!("`{}` is not a field a policy can require", f.value),
                help,
            );
        }
    }
    for s in &policy.require_sections {
        if !SECTIONS.contains(&s.value.as_str()) {
            let help = match did_you_mean(&s.value, SECTIONS.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("the sections are: {}", SECTIONS.join(", ")),
            };
            t.invalid(
                s.span.clone(),
                format!("`{}` is not a plan section", s.value),
                help,
            );
        }
    }
    t.finish();
}

/// `[channels]`: the categories allowed and a channel's largest share.
fn read_channels(mut t: Fields<'_, '_>, policy: &mut Policy) {
    policy.categories = t.strings("categories");
    policy.max_channel_share = t.decimal("max_share");
    if let Some(m) = &policy.max_channel_share
        && (m.value <= Decimal::ZERO || m.value > Decimal::ONE_HUNDRED)
    {
        t.invalid(
            m.span.clone(),
            "`max_share` must be a percentage above 0 and at most 100",
            "write e.g. `max_share = 35`",
        );
    }
    t.finish();
}

/// `[checks]`: the organisation's thresholds and rule levels.
fn read_checks(mut t: Fields<'_, '_>, policy: &mut Policy) {
    policy.insight_max_age_months = t.integer("insight_max_age_months", 1200);
    policy.min_upstream_share = t.percent("min_upstream_share");
    policy.min_upstream_fte_share = t.percent("min_upstream_fte_share");
    policy.curve_tolerance = t.percent("curve_tolerance");
    policy.saturation_fraction = t.percent("saturation_fraction");
    policy.misallocation_threshold = t.percent("misallocation_threshold");
    policy.overspend_tolerance = t.percent("overspend_tolerance");
    policy.underpacing_threshold = t.percent("underpacing_threshold");
    policy.pace_tolerance = t.percent("pace_tolerance");
    policy.actuals_max_age_days = t.integer("actuals_max_age_days", 3660);
    policy.reallocation_step = t
        .money("reallocation_step")
        .map(|m| m.value)
        .filter(|v| !v.is_zero());
    policy.allow = t.strings("allow");
    policy.warn = t.strings("warn");
    policy.deny = t.strings("deny");
    // Whether these name rules that exist (and may be changed) is
    // checked by the checker, which owns the rules: `check::policy_overrides`.
    t.finish();
}

/// `[stack]`: the tools run centrally, by capability.
fn read_stack(mut t: Fields<'_, '_>, policy: &mut Policy) {
    t.name_as("[stack]");
    for (cap, tools) in t.string_lists("central") {
        let Some(capability) = crate::plan::Capability::parse(&cap.value) else {
            let words = crate::plan::CAPABILITIES.iter().map(|(w, ..)| *w);
            let help = match did_you_mean(&cap.value, words.clone()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of: {}", words.collect::<Vec<_>>().join(", ")),
            };
            t.invalid(
                cap.span.clone(),
                format!("`{}` is not a capability mvplan knows", cap.value),
                help,
            );
            continue;
        };
        for tool in tools {
            policy.central_stack.push(CentralTool {
                capability,
                tool: tool.value,
                span: tool.span,
            });
        }
    }
    t.finish();
}
