//! People across units: capacity gaps and missing skills, rolled up. A skill
//! that several units need and none of them has is an organisation-level
//! problem (hire or contract it once), not a unit's.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Checked, FindingRow, unit_name};
use crate::diagnostic::{Finding, Rule, Severity};

pub const SHARED_SKILL_GAP: Rule = Rule {
    id: "shared-skill-gap",
    severity: Severity::Warning,
    family: "review",
    summary: "several units need a skill that none of them has",
    explanation: "The skills audit across the portfolio: two or more units plan work in a skill \
that no team row or agency of theirs offers (`skill-missing` in each). Solving it once — a \
shared hire, a group agency, a training programme — is cheaper than each unit solving it.",
    configurable: false,
};

/// A skill missing in more than one unit.
#[derive(Debug, Serialize)]
pub struct SharedGap {
    pub skill: String,
    pub units: Vec<String>,
}

/// Skills missing in two or more units, and a finding in each of them.
pub fn shared_gaps(checked: &[Checked]) -> (Vec<SharedGap>, Vec<FindingRow>) {
    let mut by_skill: BTreeMap<&str, Vec<&Checked>> = BTreeMap::new();
    for c in checked {
        let Some(cap) = c.report.figures.as_ref().and_then(|f| f.capacity.as_ref()) else {
            continue;
        };
        for s in &cap.missing_skills {
            by_skill.entry(s.as_str()).or_default().push(c);
        }
    }
    let mut gaps = Vec::new();
    let mut findings = Vec::new();
    for (skill, units) in by_skill.into_iter().filter(|(_, u)| u.len() > 1) {
        let names: Vec<String> = units
            .iter()
            .filter_map(|c| c.plan.as_ref().map(unit_name))
            .collect();
        for c in &units {
            let at = c.plan.as_ref().and_then(|p| {
                p.initiatives
                    .iter()
                    .flat_map(|i| i.effort.iter())
                    .chain(p.channels.iter().flat_map(|ch| ch.effort.iter()))
                    .find(|(s, _)| s.value == skill)
                    .map(|(s, _)| s.span.clone())
            });
            findings.push(FindingRow::of(
                &c.report,
                &Finding::new(
                    &SHARED_SKILL_GAP,
                    format!(
                        "{} units need `{skill}` and none has it: {}",
                        names.len(),
                        names.join(", ")
                    ),
                )
                .at_opt(at)
                .help("solve it once for the group: a shared hire, a group agency or training"),
            ));
        }
        gaps.push(SharedGap {
            skill: skill.to_string(),
            units: names,
        });
    }
    (gaps, findings)
}
