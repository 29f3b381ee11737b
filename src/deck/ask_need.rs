//! Whether an ask for people's time is needed for delivery — one answer
//! per ask. A board read "capacity counts this time, though no work the
//! plan states needs it" on the people slide and "the team delivers only
//! if ask 4 is agreed" in the summary (saas: Sales' SDRs, whose skill no
//! stated work uses) as a health claim the deck itself undercuts. Every
//! slide that says whether the team needs an ask — the verdict's people
//! reason, the people slide's title and lines, the "other budget levels"
//! line — reads [`of`] (or [`row_gap`], the same question of a team row),
//! so no two slides can disagree.

use crate::figures::Figures;
use crate::figures::capacity::Gap;
use crate::plan::*;

use super::hire_rests::Rests;

/// What an ask for people's time is to the plan's delivery.
#[derive(Debug, Clone)]
pub enum Need {
    /// Without the row it fills the team is short: the team delivers only
    /// if it is agreed (or hired).
    Needed(Gap),
    /// The team's hours do not need it, but the plan's named work rests on
    /// it (`hire_rests`): "the plan's X rests on ask 2; the team's hours
    /// do not".
    RestsOn(Rests),
    /// Capacity counts the row's time, though no work the plan states
    /// needs it: the team's hours do not rest on the ask.
    Counted,
    /// Nothing the plan states needs it.
    NotNeeded,
}

impl Need {
    /// Whether the team's delivery is conditional on the ask.
    pub fn conditions_delivery(&self) -> bool {
        matches!(self, Need::Needed(_))
    }
}

/// The gap team row `row` fills: what is short without it, `None` where no
/// work the plan states needs it. The one test of "needed" for a row.
pub fn row_gap(plan: &Plan, fig: &Figures, row: &str) -> Option<Gap> {
    crate::figures::gap_filled::gap_filled(plan, fig, row)
}

/// The team row an ask is for: a headcount ask's `role`, else the row an
/// ask for another department's time names ("Sales commits 6 SDRs …").
pub fn row_of<'a>(plan: &'a Plan, a: &Ask) -> Option<&'a Role> {
    if a.kind == AskKind::Headcount {
        let r = a.role.as_ref()?;
        return plan.team.iter().find(|t| t.id.value == r.value);
    }
    crate::check::ask_words::time_commitment(a)?;
    crate::check::risk_rows::row_named(plan, &a.ask)
}

/// Whether ask `a` is needed for delivery; `None` where it is not an ask
/// for a team row's time (a budget, a decision).
pub fn of(plan: &Plan, fig: &Figures, a: &Ask) -> Option<Need> {
    let row = row_of(plan, a)?;
    if let Some(gap) = row_gap(plan, fig, &row.id.value) {
        return Some(Need::Needed(gap));
    }
    if let Some(r) = super::hire_rests::rests(plan, a) {
        return Some(Need::RestsOn(r));
    }
    Some(if a.kind == AskKind::Headcount {
        Need::NotNeeded
    } else {
        Need::Counted
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saas() -> Plan {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/outside/saas-plg/plan.toml");
        let (_, plan) = crate::pipeline::check_path(&path, &Default::default());
        plan.expect("the saas plan loads")
    }

    fn need(plan: &Plan, id: &str) -> Option<Need> {
        let fig = crate::figures::compute(plan);
        let a = plan.asks.iter().find(|a| a.id.value == id)?;
        of(plan, &fig, a)
    }

    /// saas: no stated work uses the SDRs' skill, so the ask for their time
    /// is counted, never a condition; the lifecycle hire closes a gap.
    #[test]
    fn time_no_work_needs_is_counted_and_a_hire_that_closes_a_gap_is_needed() {
        let plan = saas();
        assert!(matches!(need(&plan, "sdr-commitment"), Some(Need::Counted)));
        let hire = need(&plan, "lifecycle-engineer");
        assert!(matches!(&hire, Some(Need::Needed(g)) if g.skill == "lifecycle"));
        assert!(hire.is_some_and(|n| n.conditions_delivery()));
        assert!(need(&plan, "approve-budget").is_none());
    }

    /// The SDRs given the lifecycle skill: the time ask now covers work, so
    /// it conditions delivery; and the hire, whose gap other time now
    /// covers, does not — it is needed only where its work rests on it.
    #[test]
    fn the_same_ask_is_needed_once_stated_work_uses_its_time() {
        let mut plan = saas();
        let lifecycle = plan
            .team
            .iter()
            .find(|r| r.id.value == "lifecycle-team")
            .and_then(|r| r.skills.first().cloned())
            .expect("the lifecycle skill");
        let sdr = plan
            .team
            .iter_mut()
            .find(|r| r.id.value == "sdr-assist")
            .expect("the SDR row");
        sdr.skills.push(lifecycle);
        let hire = need(&plan, "lifecycle-engineer").expect("a headcount ask");
        assert!(!hire.conditions_delivery(), "{hire:?}");
        assert!(
            matches!(hire, Need::RestsOn(_) | Need::NotNeeded),
            "{hire:?}"
        );
        // Without the hire row, the SDRs' time is what covers lifecycle.
        plan.team.retain(|r| r.id.value != "lifecycle-hire");
        let sdr = need(&plan, "sdr-commitment").expect("a time ask");
        assert!(
            matches!(&sdr, Need::Needed(g) if g.skill == "lifecycle"),
            "{sdr:?}"
        );
    }
}
