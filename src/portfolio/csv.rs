//! The roll-up as CSV, for spreadsheets and BI tools (RFC 4180 quoting;
//! cells a spreadsheet would run as a formula are neutralised).

use super::Portfolio;

/// Which table `mvplan review --format csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per plan (the scoreboard).
    Plans,
    /// One row per ask, in the order a CMO takes them.
    Asks,
    /// One row per unit contribution to a company objective.
    Cascade,
    /// One row per tool of each unit's stack.
    Stack,
    /// One row per capability and unit: central, local, both or missing.
    Capabilities,
    /// One row per initiative or channel flight of each unit.
    Calendar,
}

fn field(s: &str) -> String {
    // Cells that a spreadsheet would run as a formula are prefixed with
    // `'` (OWASP's list: a leading tab or carriage return counts too,
    // since spreadsheets skip it and read the formula behind it).
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn lower<T: std::fmt::Debug>(v: T) -> String {
    format!("{v:?}").to_lowercase()
}

/// The scoreboard: one row per plan, in the order of attention.
pub fn csv(p: &Portfolio) -> String {
    table(p, Table::Plans)
}

/// One of the review's tables as CSV.
pub fn table(p: &Portfolio, which: Table) -> String {
    match which {
        Table::Plans => plans(p),
        Table::Asks => asks(p),
        Table::Cascade => cascade(p),
        Table::Stack => stack(p),
        Table::Capabilities => capabilities(p),
        Table::Calendar => calendar(p),
    }
}

fn plans(p: &Portfolio) -> String {
    let mut out = String::from(
        // Starts with output::CSV_MARKER, by which mvplan knows its own file.
        "file,unit,owner,status,currency,budget,review_currency,converted,upstream_share,score,errors,warnings,unallocated,attention,upstream_minimum,forecast_coverage,open_asks,health,as_of,tracked_budget,planned_to_date,actual,committed,pacing,reforecast,behind_pace,off_pace\n",
    );
    for r in &p.plans {
        let row = [
            field(&r.file),
            field(&r.unit),
            field(&r.owner),
            field(&r.status),
            field(&r.currency),
            r.budget.round_dp(2).to_string(),
            field(&p.currency),
            r.converted.to_string(),
            opt(r.upstream_share),
            r.score.to_string(),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.unallocated.round_dp(2).to_string(),
            lower(r.attention),
            opt(r.upstream_minimum),
            opt(r.forecast_coverage),
            r.asks
                .iter()
                .filter(|a| a.status == crate::plan::AskStatus::Open)
                .count()
                .to_string(),
            field(&r.health),
        ];
        out.push_str(&row.join(","));
        // Plan vs actual, empty for plans without actuals.
        let a = r.actuals.as_ref();
        let tracked = [
            opt(a.and_then(|a| a.as_of)),
            opt(a.map(|a| a.budget)),
            opt(a.map(|a| a.planned_to_date)),
            opt(a.map(|a| a.actual)),
            opt(a.map(|a| a.committed)),
            opt(a.and_then(|a| a.pacing)),
            opt(a.map(|a| a.reforecast)),
            field(&a.map(|a| a.behind.join(" ")).unwrap_or_default()),
            field(&a.map(|a| a.off_pace.join(" ")).unwrap_or_default()),
        ];
        out.push(',');
        out.push_str(&tracked.join(","));
        out.push('\n');
    }
    for b in &p.broken {
        out.push_str(&format!(
            "{},,,unusable,,,{},false,,,{},0,,red,,,,,,,,,,,,,\n",
            field(&b.file),
            field(&p.currency),
            b.errors.len()
        ));
    }
    out
}

fn asks(p: &Portfolio) -> String {
    let mut out = String::from("file,unit,id,kind,status,blocking,amount,currency,fte,by,ask\n");
    for a in &p.decisions {
        let row = [
            field(&a.file),
            field(&a.unit),
            field(&a.id),
            lower(a.kind),
            lower(a.status),
            a.blocking.to_string(),
            opt(a.amount),
            if a.converted {
                field(&p.currency)
            } else {
                String::new()
            },
            opt(a.fte),
            opt(a.by),
            field(&a.ask),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn cascade(p: &Portfolio) -> String {
    let mut out = String::from(
        "parent_file,objective,objective_unit,needed,file,unit,goal,contribution,objective_contributed,objective_coverage,objective_shortfall\n",
    );
    for c in &p.coverage {
        let common = |file: &str, unit: &str, goal: &str, amount: String| {
            [
                field(&c.parent_file),
                field(&c.objective),
                field(c.unit.as_deref().unwrap_or("")),
                opt(c.needed),
                field(file),
                field(unit),
                field(goal),
                amount,
                c.contributed.to_string(),
                opt(c.coverage),
                opt(c.shortfall),
            ]
            .join(",")
        };
        if c.contributions.is_empty() {
            out.push_str(&common("", "", "", String::new()));
            out.push('\n');
        }
        for k in &c.contributions {
            out.push_str(&common(&k.file, &k.unit, &k.goal, opt(k.amount)));
            out.push('\n');
        }
    }
    out
}

fn stack(p: &Portfolio) -> String {
    let mut out = String::from(
        "file,unit,id,tool,capabilities,scope,owner,cost,currency,in_budget,automations,without_override,consolidation_candidate,central_tool\n",
    );
    for t in &p.stack.tools {
        let candidate = p.stack.consolidation.iter().any(|c| {
            c.units.contains(&t.unit)
                && t.capabilities.contains(&c.capability)
                && t.scope == crate::plan::Scope::Local
        });
        let central = p
            .stack
            .local_over_central
            .iter()
            .find(|l| l.file == t.file && l.tool == t.tool)
            .map(|l| l.central_tool.as_str())
            .unwrap_or("");
        let row = [
            field(&t.file),
            field(&t.unit),
            field(&t.id),
            field(&t.tool),
            field(&t.capabilities.join(" ")),
            lower(t.scope),
            field(t.owner.as_deref().unwrap_or("")),
            opt(t.cost),
            field(&p.currency),
            t.in_budget.to_string(),
            t.automations.to_string(),
            t.unsupervised.to_string(),
            candidate.to_string(),
            field(central),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn capabilities(p: &Portfolio) -> String {
    let mut out = String::from("capability,label,central_tool,unit,state,tools\n");
    for c in &p.stack.capabilities {
        for cell in &c.cells {
            let row = [
                field(c.capability),
                field(c.label),
                field(c.central.as_deref().unwrap_or("")),
                field(&cell.unit),
                field(if cell.state.is_empty() {
                    "none"
                } else {
                    cell.state
                }),
                field(&cell.tools.join("; ")),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

fn calendar(p: &Portfolio) -> String {
    let mut out = String::from("file,unit,kind,id,name,start,end,audiences,collides_with\n");
    for e in &p.calendar.entries {
        let mut with: Vec<String> = p
            .calendar
            .collisions
            .iter()
            .filter_map(|c| {
                let same = |x: &super::calendar::Entry| {
                    x.file == e.file && x.id == e.id && x.start == e.start
                };
                if same(&c.first) {
                    Some(format!("{}/{}", c.second.unit, c.second.id))
                } else if same(&c.second) {
                    Some(format!("{}/{}", c.first.unit, c.first.id))
                } else {
                    None
                }
            })
            .collect();
        with.dedup();
        let row = [
            field(&e.file),
            field(&e.unit),
            e.kind.to_string(),
            field(&e.id),
            field(&e.name),
            e.start.to_string(),
            e.end.to_string(),
            field(&e.audiences.join(" ")),
            field(&with.join(" ")),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
