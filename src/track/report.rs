//! The table `mvplan track` prints in the terminal.

use rust_decimal::Decimal;

use super::Tracking;

/// The table `mvplan track` prints.
pub fn human(t: &Tracking) -> String {
    use std::fmt::Write;
    let money = |d: Decimal| crate::format::format_money(d, &t.currency, true);
    let mut s = String::new();
    let _ = writeln!(s, "As of {} ({}% of the plan period):", t.as_of, t.elapsed);
    let _ = writeln!(
        s,
        "  {:<22} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8} {:>10}",
        "spend", "budget", "plan-to-date", "actual", "committed", "remaining", "pacing", "run-rate"
    );
    for l in &t.lines {
        let _ = writeln!(
            s,
            "  {:<22} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8} {:>10}",
            l.id.chars().take(22).collect::<String>(),
            money(l.budget),
            money(l.planned_to_date),
            money(l.actual),
            money(l.committed),
            money(l.remaining),
            l.pacing
                .map_or("—".into(), |p| format!("{}%", p.round_dp(0))),
            money(l.run_rate_end)
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "  {:<22} {:>9} {:>10} {:>9}",
        "quarter", "planned", "actual", "variance"
    );
    for q in &t.quarters {
        let or_dash = |d: Option<Decimal>| d.map_or("—".to_string(), money);
        let _ = writeln!(
            s,
            "  {:<22} {:>9} {:>10} {:>9}",
            q.label,
            money(q.planned),
            or_dash(q.actual),
            or_dash(q.variance)
        );
    }
    let _ = writeln!(s);
    for o in &t.objectives {
        let q = |d: Option<Decimal>| {
            d.map_or("—".to_string(), |d| {
                crate::format::format_quantity(d, o.unit.as_deref(), true)
            })
        };
        let curves = o
            .curve_reforecast
            .map_or(String::new(), |c| format!(" (curves: {})", q(Some(c))));
        let cost = match (o.cost_per_unit_planned, o.cost_per_unit_actual) {
            (Some(p), Some(a)) => format!(
                "; spend per unit of progress {} so far, {} planned",
                money(a),
                money(p)
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  {:<22} latest {} ({}), pace then {}, re-forecast {}{curves}, target {}{cost}{}",
            o.id,
            q(o.latest),
            o.latest_date.map_or("no data".into(), |d| d.to_string()),
            q(o.pace_at_reading),
            q(o.reforecast),
            q(o.target),
            if o.behind { "  ← behind pace" } else { "" }
        );
    }
    for r in &t.reallocations {
        let q = |d: Decimal| crate::format::format_quantity(d, r.unit.as_deref(), true);
        let moves: Vec<String> = r
            .moves
            .iter()
            .map(|m| format!("{} {} → {}", money(m.amount), m.from, m.to))
            .collect();
        let _ = writeln!(
            s,
            "\n  the rest of the year on the curves, given what is spent: {} {} → {}{}",
            r.objective,
            q(r.planned),
            q(r.optimal),
            if moves.is_empty() {
                " (the budgets are right)".to_string()
            } else {
                format!(" by moving {}", moves.join(", "))
            }
        );
    }
    s
}
