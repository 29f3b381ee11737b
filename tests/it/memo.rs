//! `figures::memo`: figures many slides and rules read, computed once per
//! plan. Each memoised value must be what the direct computation gives,
//! on every plan written outside the project and the bundled examples;
//! a clone of the figures must not carry the memo (it may be changed).

use crate::common::{OUTSIDE, outside_plan, root};

fn plans() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = OUTSIDE.iter().map(|n| outside_plan(n)).collect();
    for example in ["b2b-saas", "consumer-brand", "industrial-unit", "flawed"] {
        out.push(root().join("examples").join(format!("{example}.toml")));
    }
    out
}

#[test]
fn memoised_figures_are_the_direct_ones_on_every_plan() {
    let mut compared = 0;
    for path in plans() {
        let name = path.display().to_string();
        let (report, plan) = mvplan::check_path(&path, &mvplan::check::Settings::default());
        let (Some(plan), Some(fig)) = (plan, report.figures.as_ref()) else {
            panic!("{name} does not load");
        };
        // Twice: the first call computes, the second reads the memo.
        for _ in 0..2 {
            for i in 0..plan.objectives.len() {
                assert_eq!(
                    format!("{:?}", mvplan::deck::shown::shown(&plan, fig, i)),
                    format!("{:?}", mvplan::deck::shown::shown_direct(&plan, fig, i)),
                    "{name}: objective {i}"
                );
                compared += 1;
            }
            // Every objective's, once per plan (`story::all_shown`).
            let direct: Vec<_> = (0..plan.objectives.len())
                .map(|i| mvplan::deck::shown::shown_direct(&plan, fig, i))
                .collect();
            assert_eq!(
                format!("{:?}", mvplan::deck::story::all_shown(&plan, fig)),
                format!("{direct:?}"),
                "{name}: every objective's"
            );
            for r in &plan.team {
                assert_eq!(
                    format!(
                        "{:?}",
                        mvplan::figures::gap_filled::gap_filled(&plan, fig, &r.id.value)
                    ),
                    format!(
                        "{:?}",
                        mvplan::figures::capacity::gap_filled_by(&plan, &fig.quarters, &r.id.value)
                    ),
                    "{name}: team row {}",
                    r.id.value
                );
                compared += 1;
            }
            assert_eq!(
                format!(
                    "{:?}",
                    mvplan::check::words_settle::open_figures_of(&plan, fig)
                ),
                format!(
                    "{:?}",
                    mvplan::check::words_settle::open_figures(&plan, fig.total)
                ),
                "{name}: open figures"
            );
            // The words' prices, once per plan and read directly (each on
            // its item: the check puts them on their text in the file).
            let prices = |list: &[mvplan::check::words_figures::PriceDisagreement]| {
                list.iter()
                    .map(|d| format!("{} {:?} {:?} {}", d.thing, d.prices, d.span, d.text))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                prices(&mvplan::check::words_figures::price_disagreements_of(&plan)),
                prices(&mvplan::check::words_figures::price_disagreements(
                    &plan, None
                )),
                "{name}: the words' prices"
            );
            for (i, s) in plan.scenarios.iter().enumerate() {
                use mvplan::figures::scenario_aim as aim;
                // A scenario's words, read once per plan (`plan::memo`).
                assert_eq!(
                    mvplan::figures::scenario_words::read(&plan, s),
                    mvplan::figures::scenario_words::read_direct(&plan, s),
                    "{name}: scenario {} read from its words",
                    s.id.value
                );
                // Its aim, once per plan: and a scenario with its words but
                // other outcomes (an ask's money on the channels) is aimed
                // by its own outcomes, not the memo's.
                let mut fewer = s.clone();
                fewer.outcomes.truncate(1);
                let mut none = s.clone();
                none.outcomes.clear();
                for s in [s, &fewer, &none] {
                    assert_eq!(
                        format!("{:?}", aim::aimed(&plan, s)),
                        format!("{:?}", aim::aimed_direct(&plan, s)),
                        "{name}: scenario {} aimed ({} outcomes)",
                        s.id.value,
                        s.outcomes.len()
                    );
                }
                assert_eq!(
                    mvplan::deck::shown::unmodelled_of(&plan, fig, i),
                    aim::unmodelled(&plan, s),
                    "{name}: scenario {} unmodelled",
                    s.id.value
                );
                assert_eq!(
                    aim::aimed_names_of(&plan, fig, s),
                    aim::aimed_names(&plan, s),
                    "{name}: scenario {} aimed at",
                    s.id.value
                );
                for o in &plan.objectives {
                    assert_eq!(
                        aim::unreached_of(&plan, fig, s, &o.id.value),
                        aim::unreached(&plan, s, &o.id.value),
                        "{name}: scenario {} unreached {}",
                        s.id.value,
                        o.id.value
                    );
                    compared += 1;
                }
            }
            // Whether delivery rests on a risk, once per risk; a risk with
            // the same words but another likelihood or no owner is its own.
            for r in &plan.risks {
                let mut other = r.clone();
                other.likelihood = match r.likelihood {
                    mvplan::plan::Level::High => mvplan::plan::Level::Low,
                    _ => mvplan::plan::Level::High,
                };
                let mut unowned = r.clone();
                unowned.owner = None;
                for r in [r, &other, &unowned] {
                    assert_eq!(
                        mvplan::check::risk_rows::delivery_critical(&plan, fig, r),
                        mvplan::check::risk_rows::delivery_critical_direct(&plan, fig, r),
                        "{name}: risk {} delivery-critical",
                        r.id.value
                    );
                    compared += 1;
                }
            }
            assert_eq!(
                format!("{:?}", mvplan::deck::shown::reallocations(&plan, fig)),
                format!(
                    "{:?}",
                    mvplan::deck::shown::reallocations_direct(&plan, fig)
                ),
                "{name}: reallocations"
            );
            // The amounts a text states, read once per text.
            let texts = plan
                .goals
                .iter()
                .map(|g| g.statement.as_str())
                .chain(plan.objectives.iter().map(|o| o.statement.as_str()))
                .chain(
                    plan.scenarios
                        .iter()
                        .filter_map(|s| s.description.as_deref()),
                )
                .chain(plan.risks.iter().map(|r| r.risk.as_str()));
            for t in texts {
                assert_eq!(
                    format!(
                        "{:?}",
                        mvplan::plan::words_amounts::stated_amounts(&plan, t)
                    ),
                    format!(
                        "{:?}",
                        mvplan::plan::words_amounts::stated_amounts_direct(&plan, t)
                    ),
                    "{name}: amounts in {t:?}"
                );
                compared += 1;
            }
            let shown: Vec<_> = (0..plan.objectives.len())
                .map(|i| mvplan::deck::shown::shown_direct(&plan, fig, i))
                .collect();
            assert_eq!(
                format!("{:?}", mvplan::deck::story::shared_value_view(&plan, fig)),
                format!("{:?}", mvplan::deck::story::value_view(&plan, fig, &shown)),
                "{name}: value view"
            );
            let parts = |p: &[mvplan::check::words_evidence::GoalPart]| {
                p.iter()
                    .map(|p| {
                        format!(
                            "{} {} {} {} {} {} {}",
                            p.goal, p.said, p.named, p.objective, p.valued, p.how, p.unbased
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                parts(&mvplan::check::words_evidence::goal_parts_of(&plan, fig)),
                parts(&mvplan::check::words_evidence::goal_parts(&plan)),
                "{name}: goals' parts"
            );
        }
    }
    assert!(compared > 50, "only {compared} figures compared");
}

#[test]
fn a_clone_of_the_figures_starts_with_an_empty_memo() {
    let path = outside_plan("hotel-group");
    let (report, plan) = mvplan::check_path(&path, &mvplan::check::Settings::default());
    let (Some(plan), Some(fig)) = (plan, report.figures.as_ref()) else {
        panic!("hotel-group does not load");
    };
    // The check has filled the memo (its deck view reads the forecasts).
    let _ = mvplan::deck::shown::shown(&plan, fig, 0);
    assert_ne!(format!("{:?}", fig.memo), "Memo(0 values)");
    assert_eq!(format!("{:?}", fig.clone().memo), "Memo(0 values)");
}

/// A scenario's best mix is the optimiser's answer at its money, worked
/// out when first read (`figures::media::BestMix`): a check reads it only for
/// the message of a scenario whose typed outcome is off the curves, so a
/// check of any other plan leaves the optimiser idle for its scenarios —
/// and the deck's levels appendix, which reads every one, is not worked
/// out by the check's reconciliation of the deck's figures.
#[test]
fn a_check_optimises_only_the_scenarios_it_reports_off_the_curves() {
    let (mut idle, mut read) = (0, 0);
    for path in plans() {
        let name = path.display().to_string();
        let (report, plan) = mvplan::check_path(&path, &mvplan::check::Settings::default());
        let (Some(_), Some(fig)) = (plan, report.figures.as_ref()) else {
            panic!("{name} does not load");
        };
        let Some(media) = &fig.media else { continue };
        for s in &media.scenarios {
            let off_curve = report.findings.iter().any(|f| {
                f.rule == "scenario-off-curve" && f.message.contains(&format!("`{}`", s.id))
            });
            for o in &s.outcomes {
                if o.optimal_mix.computed() {
                    // Read by the check: then the finding quotes it.
                    assert!(
                        off_curve || o.optimal_mix.get().is_none(),
                        "{name}: scenario `{}`'s best mix for `{}` was computed, though no finding reads it",
                        s.id,
                        o.objective
                    );
                    read += 1;
                } else {
                    idle += 1;
                    // Read now, it is there, the same on a second read.
                    let first = o.optimal_mix.get();
                    assert!(o.optimal_mix.computed(), "{name}");
                    assert_eq!(first, o.optimal_mix.clone().get(), "{name}");
                }
            }
        }
    }
    assert!(idle >= 5, "only {idle} best mixes left idle ({read} read)");
}

/// A scenario's words are read once per plan, keyed by the scenario's own
/// words and budget: a scenario that is not one of the plan's, or one
/// whose words differ, is read from its own words, never given another's.
#[test]
fn a_scenario_s_words_are_remembered_by_its_own_words() {
    use mvplan::figures::scenario_words::{read, read_direct};
    let path = outside_plan("power-tools");
    let (_, plan) = mvplan::check_path(&path, &mvplan::check::Settings::default());
    let plan = plan.expect("power-tools loads");
    let vans = plan
        .scenarios
        .iter()
        .find(|s| s.id.value == "vans-not-press")
        .expect("the vans scenario");
    let first = read(&plan, vans);
    assert!(first.is_some(), "the move is read");
    let mut other = vans.clone();
    other.description =
        Some("Same money: move €100k from trade press to the demo-van tour.".into());
    let moved = read(&plan, &other);
    assert_eq!(moved, read_direct(&plan, &other));
    assert_ne!(
        moved, first,
        "the other words were given the first's changes"
    );
    assert_eq!(read(&plan, vans), first);
}
