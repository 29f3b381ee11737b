//! Media investment (#12): the optimiser against brute force and a real
//! peer (scipy's SLSQP), `mvplan optimize` and its rewritten plan, and
//! curves imported from a model PyMC-Marketing fitted.

use crate::common::{mvplan, root, run_in, stderr, stdout};
use mvplan::figures::optimize::{Item, optimise};
use mvplan::figures::response::Hill;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

const STARTER: &str = include_str!("../../templates/new/starter.toml");

fn item(h: Hill, planned: u64, lower: u64, upper: Option<u64>) -> Item<'static> {
    Item {
        value: Box::new(move |x| h.at(x)),
        planned: Decimal::from(planned),
        lower: Decimal::from(lower),
        upper: upper.map(Decimal::from),
        concave: h.concave(),
    }
}

/// The best of every allocation of `units` whole steps (brute force).
fn brute(items: &[Item<'_>], units: u64) -> f64 {
    fn go(items: &[Item<'_>], left: u64) -> f64 {
        let cap = |it: &Item<'_>| {
            it.upper
                .map_or(left, |u| u.try_into().unwrap_or(0u64).min(left))
        };
        match items {
            [] => 0.0,
            [last] => {
                let lo: u64 = last.lower.try_into().unwrap();
                if left < lo || left > cap(last) {
                    f64::NEG_INFINITY
                } else {
                    (last.value)(left as f64)
                }
            }
            [first, rest @ ..] => {
                let lo: u64 = first.lower.try_into().unwrap();
                (lo..=cap(first))
                    .map(|k| (first.value)(k as f64) + go(rest, left - k))
                    .fold(f64::NEG_INFINITY, f64::max)
            }
        }
    }
    go(items, units)
}

fn hill() -> impl Strategy<Value = Hill> {
    (5.0..200.0f64, 0.3..4.5f64, 10.0..1000.0f64).prop_map(|(half, slope, max)| Hill {
        half,
        slope,
        max,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Small pools (at most 400 steps): the optimum on the grid, exactly,
    /// for concave and S-shaped curves alike.
    #[test]
    fn the_optimiser_finds_the_brute_force_optimum(
        curves in prop::collection::vec(hill(), 1..=4),
        pool in 0u64..60,
        lower in 0u64..5,
        upper in prop::option::of(20u64..60),
    ) {
        let n = curves.len() as u64;
        let mut items: Vec<Item<'_>> = curves
            .iter()
            .map(|h| item(*h, pool / n, 0, None))
            .collect();
        items[0].lower = Decimal::from(lower.min(pool));
        items[0].upper = upper.map(|u| Decimal::from(u.max(lower.min(pool))));
        let planned: Decimal = items.iter().map(|i| i.planned).sum();
        // Put the rounding remainder on the last channel's plan.
        let last = items.len() - 1;
        items[last].planned += Decimal::from(pool) - planned;
        let best = brute(&items, pool);
        match optimise(&items, Decimal::from(pool), Decimal::ONE) {
            Ok(sol) => {
                prop_assert!(sol.exact);
                prop_assert_eq!(sol.budgets.iter().sum::<Decimal>(), Decimal::from(pool));
                prop_assert!((sol.value - best).abs() <= 1e-9 * best.abs().max(1.0), "{} vs {}", sol.value, best);
            }
            Err(_) => prop_assert!(best == f64::NEG_INFINITY),
        }
    }

    /// Large pools go through the coarse grid and exchanges: within 0.1%
    /// of brute force.
    #[test]
    fn large_pools_stay_within_a_tenth_of_a_percent(
        curves in prop::collection::vec(hill(), 2..=3),
    ) {
        let pool = 1200u64;
        let scaled: Vec<Hill> = curves.iter().map(|h| Hill { half: h.half * 5.0, ..*h }).collect();
        let items: Vec<Item<'_>> = scaled.iter().map(|h| item(*h, pool / scaled.len() as u64, 0, None)).collect();
        let sol = optimise(&items, Decimal::from(pool), Decimal::ONE).unwrap();
        let best = brute(&items, pool);
        prop_assert!(sol.value >= best * (1.0 - 1e-3), "{} vs {}", sol.value, best);
    }
}

/// A channel of a test plan: id, budget, its `[channels.response]` body,
/// `min_budget`, `max_budget`.
type TestChannel = (String, u64, String, Option<u64>, Option<u64>);

/// A plan of the starter's shape with the given channels and curves.
fn plan_with(channels: &[TestChannel]) -> String {
    let mut text = String::from(
        "[plan]\ntitle = \"T\"\norganisation = \"O\"\nowner = \"A\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"EUR\"\n\n[[goals]]\nid = \"g\"\nstatement = \"G\"\n\n[[objectives]]\nid = \"pipeline\"\nstatement = \"P\"\nsupports = [\"g\"]\nunit = \"EUR\"\n\n",
    );
    let mut total = 0;
    for (id, budget, response, lo, hi) in channels {
        total += budget;
        text.push_str(&format!(
            "[[channels]]\nid = \"{id}\"\nname = \"{id}\"\nsupports = [\"pipeline\"]\nbudget = {budget}\nkpis = [{{ name = \"k\", target = 1 }}]\n"
        ));
        if let Some(lo) = lo {
            text.push_str(&format!("min_budget = {lo}\n"));
        }
        if let Some(hi) = hi {
            text.push_str(&format!("max_budget = {hi}\n"));
        }
        text.push_str(&format!(
            "[channels.response]\nobjective = \"pipeline\"\n{response}\n"
        ));
    }
    text.push_str(&format!("[budget]\ntotal = {total}\n"));
    text
}

#[test]
fn the_optimiser_matches_or_beats_scipy_slsqp() {
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/optimizer/slsqp.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, p) in reference["problems"].as_object().unwrap() {
        let n = p["channels"].as_array().unwrap().len();
        let channels: Vec<_> = (0..n)
            .map(|i| {
                (
                    p["channels"][i].as_str().unwrap().to_string(),
                    p["planned"][i].as_u64().unwrap(),
                    format!(
                        "half_saturation = {}\nslope = {}\nmax_outcome = {}",
                        p["half"][i], p["slope"][i], p["max"][i]
                    ),
                    p["lower"][i].as_u64().filter(|v| *v > 0),
                    p["upper"][i].as_u64(),
                )
            })
            .collect();
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, plan_with(&channels)).unwrap();
        let o = mvplan(&[
            "optimize",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--levels",
            "0",
        ]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let ours = v["levels"][0]["optimal_value"].as_f64().unwrap();
        let theirs = p["slsqp_value"].as_f64().unwrap();
        assert!(
            ours >= theirs * (1.0 - 1e-3),
            "{name}: mvplan {ours} vs SLSQP {theirs}"
        );
        // Every budget is within its bounds and the total is kept exactly.
        let sum: Decimal = v["levels"][0]["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["optimal"].as_str().unwrap().parse::<Decimal>().unwrap())
            .sum();
        assert_eq!(
            sum,
            Decimal::from(p["pool"].as_f64().unwrap() as u64),
            "{name}"
        );
    }
}

#[test]
fn optimize_writes_a_better_plan_beside_never_over_the_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/b2b-saas.toml"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["optimize", "plan.toml", "-o", "optimized.toml"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("move €486k from events to content-seo"),
        "{}",
        stdout(&o)
    );
    // The rewritten plan checks clean of the misallocation it fixed, and
    // adds up: same total, phasing rescaled exactly.
    let c = run_in(dir.path(), &["check", "--format", "json", "optimized.toml"]);
    let v: Value = serde_json::from_str(&stdout(&c)).unwrap();
    let rules: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"misallocation"), "{rules:?}");
    assert!(
        !rules
            .iter()
            .any(|r| r.starts_with("budget") || r.starts_with("phasing")),
        "{rules:?}"
    );
    // `mvplan diff` shows the moves.
    let d = run_in(dir.path(), &["diff", "plan.toml", "optimized.toml"]);
    assert!(stdout(&d).contains("content-seo"), "{}", stdout(&d));
    // A written plan is a plan the user keeps (and may have edited): a
    // second run replaces it only with --force, and never the plan itself.
    let again = run_in(
        dir.path(),
        &["optimize", "plan.toml", "-o", "optimized.toml", "--quiet"],
    );
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    let again = run_in(
        dir.path(),
        &[
            "optimize",
            "plan.toml",
            "-o",
            "optimized.toml",
            "--quiet",
            "--force",
        ],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let before = std::fs::read(dir.path().join("plan.toml")).unwrap();
    let o = run_in(
        dir.path(),
        &["optimize", "plan.toml", "-o", "./plan.toml", "--force"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is the plan itself"), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.path().join("plan.toml")).unwrap(), before);
}

#[test]
fn optimize_explains_what_it_cannot_do() {
    // No curves.
    let o = mvplan(&["optimize", "templates/new/starter.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("has a response curve"),
        "{}",
        stderr(&o)
    );
    // Bad levels, unknown objective and scenario.
    for (args, says) in [
        (&["--levels", "+x%"][..], "is not a percentage"),
        (&["--levels", "nosuch"][..], "no scenario `nosuch`"),
        (
            &["--objective", "expansion"][..],
            "no channel has a response curve for `expansion`",
        ),
    ] {
        let mut all = vec!["optimize", "examples/b2b-saas.toml"];
        all.extend(args);
        let o = mvplan(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    // Minimums above the money to share.
    let dir = tempfile::tempdir().unwrap();
    let text = plan_with(&[
        (
            "a".into(),
            100_000,
            "half_saturation = 50000\nmax_outcome = 1000000".into(),
            Some(90_000),
            None,
        ),
        (
            "b".into(),
            100_000,
            "half_saturation = 50000\nmax_outcome = 1000000".into(),
            Some(90_000),
            None,
        ),
    ]);
    std::fs::write(dir.path().join("p.toml"), text).unwrap();
    let o = run_in(dir.path(), &["optimize", "p.toml", "--levels", "-50%"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("no allocation fits the bounds"),
        "{}",
        stdout(&o)
    );
}

/// The curve `mvplan curves import` printed for a channel, as (half, slope, max).
fn imported(toml_text: &str, channel: &str) -> Hill {
    let block = toml_text
        .split("# channel `")
        .find(|b| b.starts_with(&format!("{channel}`")))
        .unwrap_or_else(|| panic!("no curve for {channel} in:\n{toml_text}"));
    let table = block.split_once('\n').unwrap().1;
    let v: toml::Table = toml::from_str(table).unwrap();
    let r = &v["channels"]["response"];
    let num = |k: &str| {
        let x = &r[k];
        x.as_float()
            .or_else(|| x.as_integer().map(|i| i as f64))
            .unwrap()
    };
    Hill {
        half: num("half_saturation"),
        slope: num("slope"),
        max: num("max_outcome"),
    }
}

#[test]
fn curves_imported_from_pymc_marketing_give_the_model_s_own_results() {
    let o = mvplan(&[
        "curves",
        "import",
        "tests/fixtures/mmm/pymc-marketing-0.19.2.json",
        "--from",
        "pymc-marketing",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("PyMC-Marketing 0.19.2"));
    // What PyMC-Marketing's own saturation function gives at the posterior
    // medians (the fixture script evaluated it), over a 52-week year.
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/mmm/expected-curves.json")).unwrap(),
    )
    .unwrap();
    for (column, rows) in expected.as_object().unwrap() {
        let h = imported(&text, &column.replace('_', "-"));
        for r in rows.as_array().unwrap() {
            let spend = r["spend"].as_f64().unwrap();
            let want = r["result"].as_f64().unwrap();
            let got = h.at(spend);
            assert!(
                (got - want).abs() / want < 5e-3,
                "{column} at {spend}: {got} vs PyMC-Marketing's {want}"
            );
        }
    }
}

#[test]
fn curves_are_merged_into_a_copy_of_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.toml"), STARTER).unwrap();
    let fixture = root().join("tests/fixtures/mmm/pymc-marketing-0.19.2.json");
    let o = run_in(
        dir.path(),
        &[
            "curves",
            "import",
            fixture.to_str().unwrap(),
            "--from",
            "pymc-marketing",
            "--plan",
            "plan.toml",
            "--map",
            "linkedin_video=events",
            "-o",
            "with-curves.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // paid_social has no channel in the starter: said, not merged.
    assert!(
        stderr(&o).contains("`paid_social` matches no channel"),
        "{}",
        stderr(&o)
    );
    let c = run_in(
        dir.path(),
        &[
            "optimize",
            "with-curves.toml",
            "--format",
            "json",
            "--levels",
            "0",
        ],
    );
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    let v: Value = serde_json::from_str(&stdout(&c)).unwrap();
    let ids: Vec<&str> = v["levels"][0]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["paid-search", "events"]);
    // The input is untouched, and never the output.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
        STARTER
    );
    let o = run_in(
        dir.path(),
        &[
            "curves",
            "import",
            fixture.to_str().unwrap(),
            "--from",
            "pymc-marketing",
            "--plan",
            "plan.toml",
            "-o",
            "plan.toml",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_malformed_model_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, says) in [
        ("a.json", "not json", "is not JSON"),
        ("b.json", "{}", "channel names"),
        (
            "c.json",
            r#"{"attrs": {"channel_columns": "[\"x\"]"}, "posterior": {"saturation_slope": [[["a"]]]}}"#,
            "saturation_slope",
        ),
        (
            "d.json",
            r#"{"attrs": {"channel_columns": "[\"x\"]", "saturation": "{\"lookup_name\": \"logistic\"}"}}"#,
            "imports Hill curves",
        ),
        (
            "e.json",
            r#"{"coords": {"channel": ["x"]}, "posterior": {"saturation_slope": [[[1.0]]], "saturation_kappa": [[[-1.0]]], "saturation_beta": [[[1.0]]]}, "constant_data": {"channel_scale": [1.0], "target_scale": 1.0}}"#,
            "not a positive number",
        ),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let o = run_in(
            dir.path(),
            &["curves", "import", name, "--from", "pymc-marketing"],
        );
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
    }
}
