//! Stage 3: the rule catalogue. Each family of rules lives in its own file
//! with its `Rule` constants (id, severity, summary, long explanation) and one
//! `check` function; this module runs them and applies severity overrides.

pub mod ask_release;
pub mod ask_words;
pub mod asks;
mod assumptions;
mod budget;
mod calendar;
pub mod cascade;
mod chain;
mod dates;
mod files;
mod forecast;
pub(crate) mod foreign_amounts;
mod insights;
mod measure;
mod media;
mod policy;
pub mod reconcile;
mod refs;
mod resources;
pub mod risk_owner;
pub mod risk_rows;
pub(crate) mod risk_words;
pub mod risks;
pub mod scenario_increase;
pub mod scenario_said;
pub mod scenarios;
mod settings;
pub mod stack;
mod strategy;
mod submission;
pub mod trigger_pace;
mod upstream;
// The plan's texts are read below the figures too (`plan::words_prices`).
pub use crate::plan::words_texts as word_texts;
pub mod words_evidence;
pub mod words_figures;
pub mod words_per_unit;
pub mod words_settle;
pub mod words_value;

use rust_decimal::Decimal;

use crate::diagnostic::{Finding, Rule};
use crate::figures::Figures;
use crate::plan::{self, Plan};
use crate::policy::Policy;

pub use settings::Settings;

/// Every rule, loader rules first, in the order `explain --list` shows them.
pub fn catalogue() -> Vec<&'static Rule> {
    let families: [&[&'static Rule]; 32] = [
        plan::rules::ALL,
        settings::RULES,
        refs::RULES,
        chain::RULES,
        measure::RULES,
        budget::RULES,
        foreign_amounts::RULES,
        calendar::RULES,
        forecast::RULES,
        media::RULES,
        insights::RULES,
        upstream::RULES,
        resources::RULES,
        assumptions::RULES,
        asks::RULES,
        ask_release::RULES,
        trigger_pace::RULES,
        risks::RULES,
        dates::RULES,
        strategy::RULES,
        files::RULES,
        policy::RULES,
        cascade::RULES,
        submission::RULES,
        stack::RULES,
        reconcile::RULES,
        scenarios::RULES,
        scenario_increase::RULES,
        scenario_said::RULES,
        words_figures::RULES,
        words_evidence::RULES,
        words_value::RULES,
    ];
    families.into_iter().flatten().copied().collect()
}

pub fn rule(id: &str) -> Option<&'static Rule> {
    catalogue().into_iter().find(|r| r.id == id)
}

/// The `allow`, `warn` and `deny` lists of a policy that name no rule, or
/// a rule whose severity is fixed: findings located in the policy file.
pub fn policy_overrides(policy: &Policy) -> Vec<Finding> {
    let catalogue = catalogue();
    let mut out = Vec::new();
    for id in policy.allow.iter().chain(&policy.warn).chain(&policy.deny) {
        let (message, help) = match catalogue.iter().find(|r| r.id == id.value) {
            Some(r) if r.configurable => continue,
            Some(r) => (
                format!("the severity of `{}` cannot be changed", r.id),
                "remove it from the list".to_string(),
            ),
            None => (
                format!("no rule is called `{}`", id.value),
                match crate::diagnostic::did_you_mean(&id.value, catalogue.iter().map(|r| r.id)) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "`mvplan explain --list` lists every rule id".to_string(),
                },
            ),
        };
        out.push(
            Finding::new(&plan::rules::INVALID_VALUE, message)
                .at(id.span.clone())
                .help(help),
        );
    }
    out
}

/// The parent plan of a cascade, as far as the child's checks need it.
#[derive(Debug, Clone, Default)]
pub struct ParentPlan {
    pub objectives: Vec<String>,
    /// The objectives themselves, for the rules that compare units.
    pub detail: Vec<crate::plan::Objective>,
    /// Why it could not be loaded, if it could not.
    pub error: Option<String>,
}

/// What a plan is checked against besides itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub policy: Option<&'a Policy>,
    pub parent: Option<&'a ParentPlan>,
    /// The plan file's text, for rules that read it as written
    /// (placeholders left from the starter).
    pub source: Option<&'a str>,
    /// The figures the plan's deck states, slide by slide (the deck stage
    /// collects them, `deck::reconcile`), for `figures-disagree`.
    pub stated: Option<&'a [reconcile::Stated]>,
}

/// What rules see: the plan, its figures, the thresholds, the policy and
/// parent plan if any, and the findings so far.
pub struct Ctx<'p> {
    pub plan: &'p Plan,
    pub fig: &'p Figures,
    pub settings: &'p Settings,
    pub policy: Option<&'p Policy>,
    pub parent: Option<&'p ParentPlan>,
    pub source: Option<&'p str>,
    pub stated: Option<&'p [reconcile::Stated]>,
    /// Who points at whom, indexed once for the rules.
    pub links: crate::plan::Links<'p>,
    out: Vec<Finding>,
}

impl Ctx<'_> {
    pub fn report(&mut self, finding: Finding) {
        self.out.push(finding);
    }

    /// Whether the plan period itself is sound (it ends after it starts).
    /// When it is not, `period-inverted` says so once, and every rule that
    /// measures against the period stays quiet, as rustc stops cascading
    /// errors: dozens of "outside the period" would only bury the cause.
    pub fn period_sound(&self) -> bool {
        self.plan.meta.end.value >= self.plan.meta.start.value
    }

    /// Whether a date falls inside the plan period (always, when the period
    /// is not sound: see [`Ctx::period_sound`]).
    pub fn in_period(&self, date: chrono::NaiveDate) -> bool {
        !self.period_sound()
            || (date >= self.plan.meta.start.value && date <= self.plan.meta.end.value)
    }

    /// A money amount as text in the plan's currency, for messages.
    pub fn money(&self, value: Decimal) -> String {
        // The deck's money policy: whole units from 100 up, cents below.
        let value = if value.abs() >= Decimal::ONE_HUNDRED {
            crate::format::whole_units(value)
        } else {
            value.round_dp(2)
        };
        format!("{} {}", group(value), self.plan.meta.currency.value)
    }
}

pub use crate::format::group;

/// Runs every rule on a loaded plan. Findings come back sorted by position,
/// with the plan's (and the given settings') severity overrides applied.
pub fn run(plan: &Plan, fig: &Figures, base: &Settings, context: Context<'_>) -> Vec<Finding> {
    let mut settings = base.clone();
    let mut out = settings.absorb_plan(plan);
    // The organisation's policy wins over the plan's own `[checks]`.
    if let Some(p) = context.policy {
        settings.absorb_policy(p);
    }
    let mut cx = Ctx {
        plan,
        fig,
        settings: &settings,
        policy: context.policy,
        parent: context.parent,
        source: context.source,
        stated: context.stated,
        links: crate::plan::Links::of(plan),
        out: Vec::new(),
    };
    refs::check(&mut cx);
    chain::check(&mut cx);
    measure::check(&mut cx);
    budget::check(&mut cx);
    foreign_amounts::check(&mut cx);
    calendar::check(&mut cx);
    forecast::check(&mut cx);
    media::check(&mut cx);
    scenarios::check(&mut cx);
    scenario_increase::check(&mut cx);
    scenario_said::check(&mut cx);
    words_figures::check(&mut cx);
    words_evidence::check(&mut cx);
    words_value::check(&mut cx);
    words_per_unit::check(&mut cx);
    insights::check(&mut cx);
    upstream::check(&mut cx);
    resources::check(&mut cx);
    assumptions::check(&mut cx);
    asks::check(&mut cx);
    ask_release::check(&mut cx);
    trigger_pace::check(&mut cx);
    risks::check(&mut cx);
    dates::check(&mut cx);
    strategy::check(&mut cx);
    files::check(&mut cx);
    submission::check(&mut cx);
    policy::check(&mut cx);
    cascade::check(&mut cx);
    stack::check(&mut cx);
    reconcile::check(&mut cx);
    out.extend(cx.out);
    let mut out: Vec<Finding> = out.into_iter().filter_map(|f| settings.apply(f)).collect();
    sort(&mut out);
    out
}

/// Tracking at `as_of` under the plan's and its policy's `[checks]`:
/// their thresholds, and their severity changes applied to the findings as
/// `mvplan check` applies them. `max_age_days` (`--max-age`) wins over both.
pub fn tracking(
    plan: &Plan,
    actuals: &crate::actuals::Actuals,
    as_of: chrono::NaiveDate,
    fig: &Figures,
    policy: Option<&crate::policy::Policy>,
    max_age_days: Option<i64>,
) -> (crate::track::Tracking, Vec<Finding>) {
    let mut settings = Settings::default();
    // Unknown rule ids in `[checks]` are `mvplan check`'s to report.
    let _ = settings.absorb_plan(plan);
    if let Some(p) = policy {
        settings.absorb_policy(p);
    }
    let mut th = settings.tracking.clone();
    if let Some(d) = max_age_days {
        th.max_age_days = d;
    }
    let tracking = crate::track::compute(plan, actuals, as_of, fig, &th);
    let findings = crate::track::check(plan, &tracking, &th)
        .into_iter()
        .chain(crate::triggers::findings(plan, &tracking))
        .filter_map(|f| settings.apply(f))
        .collect();
    (tracking, findings)
}

/// Orders findings as a reader meets them: by position, plan-wide ones last.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| {
        (
            f.span.as_ref().map_or(usize::MAX, |s| s.start),
            f.severity,
            f.rule,
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn rule_ids_are_unique_slugs_with_explanations() {
        let all = catalogue();
        let mut ids: Vec<_> = all.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for r in all {
            assert!(plan::is_slug(r.id), "{}", r.id);
            assert!(
                r.explanation.len() > 80,
                "{} needs a real explanation",
                r.id
            );
            assert!(!r.summary.ends_with('.'), "{}", r.id);
        }
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group(Decimal::new(12345675, 1)), "1,234,567.5");
        assert_eq!(group(Decimal::from(-1000)), "-1,000");
        assert_eq!(group(Decimal::from(999)), "999");
    }

    #[test]
    fn severities_order_errors_first() {
        assert!(Severity::Error < Severity::Warning && Severity::Warning < Severity::Note);
    }
}
