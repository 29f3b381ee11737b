//! Thresholds and severity overrides: defaults, then the plan's `[checks]`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostic::{Finding, Rule, Severity, did_you_mean};
use crate::plan::{Located, Plan};

pub const UNKNOWN_RULE: Rule = Rule {
    id: "unknown-rule",
    severity: Severity::Warning,
    family: "settings",
    summary: "a severity override names a rule that does not exist",
    explanation: "The `allow`, `warn` and `deny` lists of a plan's `[checks]` section (or of a \
policy) name rule ids. An id that matches no rule changes nothing, which usually means a typo: \
the override you meant is not in effect. `mvplan explain --list` lists every rule id.",
    configurable: true,
};

pub const FIXED_RULE: Rule = Rule {
    id: "fixed-rule",
    severity: Severity::Warning,
    family: "settings",
    summary: "a severity override names a loader rule, whose severity is fixed",
    explanation: "Loader rules (syntax, wrong-type, missing-field, unknown-field, invalid-value, \
negative-amount, read-file) make a plan unusable, so they are always errors and cannot be \
allowed or downgraded. Remove the id from the `[checks]` lists.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&UNKNOWN_RULE, &FIXED_RULE];

/// What the rules are tuned by.
#[derive(Debug, Clone)]
pub struct Settings {
    pub insight_max_age_months: u32,
    /// Percent.
    pub min_upstream_share: Decimal,
    /// Percent.
    pub min_upstream_fte_share: Decimal,
    /// Percent a typed forecast may exceed its channel's curve.
    pub curve_tolerance: Decimal,
    /// Percent of the objective's average return below which a channel
    /// past half saturation is saturated.
    pub saturation_fraction: Decimal,
    /// Percent uplift at which a better allocation is a misallocation.
    pub misallocation_threshold: Decimal,
    /// The tracking rules' thresholds (`mvplan track`, the status deck).
    pub tracking: crate::track::Thresholds,
    /// Per-rule severity; `None` means the rule is allowed (silenced).
    pub levels: BTreeMap<&'static str, Option<Severity>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            insight_max_age_months: 18,
            min_upstream_share: Decimal::from(15),
            min_upstream_fte_share: Decimal::from(20),
            curve_tolerance: Decimal::from(10),
            saturation_fraction: Decimal::from(25),
            misallocation_threshold: Decimal::from(5),
            tracking: crate::track::Thresholds::default(),
            levels: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Applies a plan's `[checks]` section; returns findings about the
    /// section itself (unknown rule ids).
    pub fn absorb_plan(&mut self, plan: &Plan) -> Vec<Finding> {
        let c = &plan.checks;
        if let Some(m) = c.insight_max_age_months {
            self.insight_max_age_months = m;
        }
        if let Some(s) = c.min_upstream_share {
            self.min_upstream_share = s;
        }
        if let Some(s) = c.min_upstream_fte_share {
            self.min_upstream_fte_share = s;
        }
        if let Some(s) = c.curve_tolerance {
            self.curve_tolerance = s;
        }
        if let Some(s) = c.saturation_fraction {
            self.saturation_fraction = s;
        }
        if let Some(s) = c.misallocation_threshold {
            self.misallocation_threshold = s;
        }
        self.tracking.absorb(
            c.overspend_tolerance,
            c.underpacing_threshold,
            c.pace_tolerance,
            c.actuals_max_age_days,
        );
        let mut out = Vec::new();
        for (list, level) in [
            (&c.allow, None),
            (&c.warn, Some(Severity::Warning)),
            (&c.deny, Some(Severity::Error)),
        ] {
            for id in list {
                if let Some(f) = self.set_level(id, level) {
                    out.push(f);
                }
            }
        }
        out
    }

    /// Sets a rule's level; returns a finding when the id can't be used.
    pub fn set_level(&mut self, id: &Located<String>, level: Option<Severity>) -> Option<Finding> {
        // The tracking rules are set in the same `[checks]`, though they
        // run on actuals (`mvplan track`, the status deck).
        let mut catalogue = super::catalogue();
        catalogue.extend(crate::track::RULES.iter().copied());
        catalogue.extend(crate::triggers::RULES.iter().copied());
        match catalogue.iter().find(|r| r.id == id.value) {
            Some(rule) if rule.configurable => {
                self.levels.insert(rule.id, level);
                None
            }
            Some(rule) => Some(
                Finding::new(
                    &FIXED_RULE,
                    format!("the severity of `{}` cannot be changed", rule.id),
                )
                .at(id.span.clone())
                .help("loader errors make the plan unusable; fix the problem instead"),
            ),
            None => {
                let f = Finding::new(&UNKNOWN_RULE, format!("no rule is called `{}`", id.value))
                    .at(id.span.clone());
                Some(
                    match did_you_mean(&id.value, catalogue.iter().map(|r| r.id)) {
                        Some(m) => f.help(format!("did you mean `{m}`?")),
                        None => f.help("`mvplan explain --list` lists every rule id"),
                    },
                )
            }
        }
    }

    /// Applies an organisation policy's thresholds and severity changes.
    /// Its rule ids were checked when the policy was loaded.
    pub fn absorb_policy(&mut self, policy: &crate::policy::Policy) {
        if let Some(m) = policy.insight_max_age_months {
            self.insight_max_age_months = m;
        }
        if let Some(s) = policy.min_upstream_share {
            self.min_upstream_share = s;
        }
        if let Some(s) = policy.min_upstream_fte_share {
            self.min_upstream_fte_share = s;
        }
        if let Some(s) = policy.curve_tolerance {
            self.curve_tolerance = s;
        }
        if let Some(s) = policy.saturation_fraction {
            self.saturation_fraction = s;
        }
        if let Some(s) = policy.misallocation_threshold {
            self.misallocation_threshold = s;
        }
        self.tracking.absorb(
            policy.overspend_tolerance,
            policy.underpacing_threshold,
            policy.pace_tolerance,
            policy.actuals_max_age_days,
        );
        for (list, level) in [
            (&policy.allow, None),
            (&policy.warn, Some(Severity::Warning)),
            (&policy.deny, Some(Severity::Error)),
        ] {
            for id in list {
                let _ = self.set_level(id, level);
            }
        }
    }

    /// A finding with its overridden severity, or `None` when its rule is allowed.
    pub fn apply(&self, mut f: Finding) -> Option<Finding> {
        match self.levels.get(f.rule) {
            None => Some(f),
            Some(None) => None,
            Some(Some(level)) => {
                f.severity = *level;
                Some(f)
            }
        }
    }
}
