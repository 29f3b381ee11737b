//! The plan workbook's sheets and columns, made from the plan format's
//! schema (`schema::plan_fields`): a field added to the format appears in
//! the workbook, and is read back from it, without a list kept here.
//!
//! - The plan's single tables (`[plan]`, `[checks]`, `[strategy]`, the
//!   budget's total) are rows of the `Plan` sheet: field, value, about.
//! - Each array of tables (`[[channels]]`) is a sheet: one row per item,
//!   one column per field; a table inside an item (`response`) is columns
//!   named with a dot (`response.objective`), and a list of amounts
//!   (`quarterly`) one column per element (`quarterly.1`).
//! - An array of tables inside an item (`[[channels.kpis]]`) is a sheet of
//!   its own whose first column names the item (`channel`), and so is a
//!   table from ids to numbers (`forecast`): one row per pair.

use crate::schema::{Field, Kind};

/// One column of an item sheet, or one row of the `Plan` sheet.
#[derive(Clone)]
pub struct Column {
    /// As written in the header (`budget`, `response.objective`, `quarterly.1`).
    pub header: String,
    /// The keys from the item to the value (`["response", "objective"]`).
    pub path: Vec<&'static str>,
    /// For a list of amounts: the element (0-based).
    pub index: Option<usize>,
    pub(crate) kind: Kind,
    pub required: bool,
    pub doc: &'static str,
    /// Position of the field in the format, for writing TOML in its order.
    pub order: usize,
    /// The header as the reader compares it ([`normal`]); for a list of
    /// amounts the prefix of its columns (`quarterly.`).
    pub norm: String,
}

/// What a sheet's rows are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// `field | value | about`: the plan's single tables.
    Fields,
    /// One row per item of an array of tables.
    Items,
    /// One row per (item, key, number) of a table from ids to numbers.
    Pairs,
}

#[derive(Clone)]
pub struct Sheet {
    pub name: String,
    /// The keys from the plan to the array (`["channels", "kpis"]`);
    /// empty for the `Plan` sheet.
    pub path: Vec<&'static str>,
    pub kind: SheetKind,
    /// For a sheet inside an item: the index of the owning sheet in the
    /// layout and the header of the column that names the owner.
    pub parent: Option<(usize, String)>,
    /// For a sheet inside an item: the keys from the owner to the array or
    /// table (`["response", "points"]`).
    pub inner: Vec<&'static str>,
    /// For a `Pairs` sheet: the key column's header (`objective`).
    pub key_header: &'static str,
    pub columns: Vec<Column>,
    pub doc: &'static str,
    pub order: usize,
}

impl Sheet {
    /// The columns of the header row, the owner's first.
    pub fn headers(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((_, h)) = &self.parent {
            out.push(h.clone());
        }
        if self.kind == SheetKind::Pairs {
            out.push(self.key_header.to_string());
        }
        out.extend(self.columns.iter().map(|c| c.header.clone()));
        out
    }

    /// The column index (0-based) of a column of `columns`.
    pub fn offset(&self) -> usize {
        usize::from(self.parent.is_some()) + usize::from(self.kind == SheetKind::Pairs)
    }
}

/// Sheets mvplan writes that are not read back.
pub const INSTRUCTIONS: &str = "Instructions";
pub const TOTALS: &str = "Totals";
pub const PLAN: &str = "Plan";
pub const IGNORED: &[&str] = &[INSTRUCTIONS, TOTALS];

/// How many columns a list of amounts gets: `quarterly` at least four,
/// `monthly` none unless asked for (a planner who phases by month adds
/// `monthly.1`… columns; the reader takes any `field.N`).
pub fn default_width(key: &str) -> usize {
    match key {
        "quarterly" => 4,
        _ => 0,
    }
}

/// The workbook's layout; `width(sheet path, field)` is the number of
/// columns each list of amounts gets.
pub fn layout(width: &dyn Fn(&[&'static str], &'static str) -> usize) -> Vec<Sheet> {
    let fields = crate::schema::plan_fields();
    let mut sheets = vec![Sheet {
        name: PLAN.to_string(),
        path: Vec::new(),
        kind: SheetKind::Fields,
        parent: None,
        inner: Vec::new(),
        key_header: "",
        columns: Vec::new(),
        doc: "The plan's own fields, its checker settings, strategy and budget total.",
        order: 0,
    }];
    let mut order = 0;
    for f in &fields {
        order += 1;
        match &f.kind {
            Kind::Table(sub) => {
                let mut cols = Vec::new();
                flatten(sub, &[f.key], &mut cols, &mut order, &|_| 0);
                // Fields of the plan sheet are named in full: `plan.title`.
                sheets[0].columns.extend(cols);
                // Arrays of tables inside a single table (`budget.lines`).
                for s in sub {
                    if let Kind::Tables(items) = &s.kind {
                        order += 1;
                        items_sheet(
                            &mut sheets,
                            vec![f.key, s.key],
                            None,
                            items,
                            s.doc,
                            &mut order,
                            width,
                        );
                    }
                }
            }
            Kind::Tables(items) => {
                items_sheet(
                    &mut sheets,
                    vec![f.key],
                    None,
                    items,
                    f.doc,
                    &mut order,
                    width,
                );
            }
            _ => {}
        }
    }
    sheets
}

/// An item sheet and, after it, the sheets of its inner arrays and pairs.
fn items_sheet(
    sheets: &mut Vec<Sheet>,
    path: Vec<&'static str>,
    parent: Option<(usize, String, Vec<&'static str>)>,
    fields: &[Field],
    doc: &'static str,
    order: &mut usize,
    width: &dyn Fn(&[&'static str], &'static str) -> usize,
) {
    let mut columns = Vec::new();
    let w = |key: &'static str| width(&path, key);
    flatten(fields, &[], &mut columns, order, &w);
    let index = sheets.len();
    let (parent_col, inner) = match parent {
        Some((i, h, inner)) => (Some((i, h)), inner),
        None => (None, Vec::new()),
    };
    sheets.push(Sheet {
        name: sheet_name(&path),
        path: path.clone(),
        kind: SheetKind::Items,
        parent: parent_col,
        inner: inner.clone(),
        key_header: "",
        columns,
        doc,
        order: *order,
    });
    let owner = owner_header(&path);
    // Nested arrays and pairs, in the order of the fields (tables inside a
    // table, `response.points`, included).
    let mut nested: Vec<(Vec<&'static str>, &Field)> = Vec::new();
    for f in fields {
        match &f.kind {
            Kind::Tables(_) | Kind::IdNumbers => nested.push((vec![f.key], f)),
            Kind::Table(sub) => {
                for s in sub {
                    if matches!(s.kind, Kind::Tables(_) | Kind::IdNumbers) {
                        nested.push((vec![f.key, s.key], s));
                    }
                }
            }
            _ => {}
        }
    }
    // Only items with an id can own rows of another sheet.
    if !fields.iter().any(|f| f.key == "id" && f.required) {
        return;
    }
    for (keys, f) in nested {
        *order += 1;
        let full: Vec<&'static str> = path.iter().chain(keys.iter()).copied().collect();
        let inner_keys: Vec<&'static str> = inner.iter().chain(keys.iter()).copied().collect();
        match &f.kind {
            Kind::Tables(items) => items_sheet(
                sheets,
                full,
                Some((index, owner.clone(), inner_keys)),
                items,
                f.doc,
                order,
                width,
            ),
            Kind::IdNumbers => sheets.push(Sheet {
                name: sheet_name(&full),
                path: full.clone(),
                kind: SheetKind::Pairs,
                parent: Some((index, owner.clone())),
                inner: inner_keys,
                key_header: pair_key(f.key),
                columns: vec![Column {
                    header: f.key.to_string(),
                    path: vec![],
                    index: None,
                    kind: Kind::Number,
                    required: true,
                    doc: f.doc,
                    order: *order,
                    norm: normal(f.key),
                }],
                doc: f.doc,
                order: *order,
            }),
            _ => {}
        }
    }
}

/// The columns of an item's scalar fields; tables inside it flattened
/// with a dotted prefix.
fn flatten(
    fields: &[Field],
    prefix: &[&'static str],
    out: &mut Vec<Column>,
    order: &mut usize,
    width: &dyn Fn(&'static str) -> usize,
) {
    for f in fields {
        *order += 1;
        let mut path = prefix.to_vec();
        path.push(f.key);
        let header = path.join(".");
        match &f.kind {
            Kind::Tables(_) | Kind::IdNumbers | Kind::TextLists => {}
            Kind::Table(sub) => flatten(sub, &path, out, order, width),
            Kind::Amounts => {
                for i in 0..width(f.key) {
                    out.push(Column {
                        header: format!("{header}.{}", i + 1),
                        path: path.clone(),
                        index: Some(i),
                        kind: f.kind.clone(),
                        required: false,
                        doc: f.doc,
                        order: *order,
                        norm: normal(&format!("{header}.")),
                    });
                }
            }
            _ => out.push(Column {
                norm: normal(&header),
                header,
                path,
                index: None,
                kind: f.kind.clone(),
                required: f.required,
                doc: f.doc,
                order: *order,
            }),
        }
    }
}

/// A sheet's name: its own for the usual sheets, else the path in words.
pub fn sheet_name(path: &[&str]) -> String {
    let named = match path.join(".").as_str() {
        "channels.kpis" => "KPIs",
        "channels.forecast" => "Forecasts",
        "channels.effort" => "Channel effort",
        "channels.response.points" => "Curve points",
        "budget.lines" => "Budget lines",
        "scenarios.outcomes" => "Scenario outcomes",
        "scenarios.changes" => "Scenario changes",
        "initiatives.effort" => "Initiative effort",
        "stack.automations" => "Automations",
        _ => "",
    };
    if !named.is_empty() {
        return named.to_string();
    }
    let words = path.join(" ").replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The column naming an item's owner: the owning array in the singular
/// (`channels` → `channel`).
fn owner_header(path: &[&str]) -> String {
    let last = path.last().copied().unwrap_or("item");
    last.strip_suffix('s').unwrap_or(last).to_string()
}

/// The key column of a table from ids to numbers.
fn pair_key(field: &str) -> &'static str {
    match field {
        "forecast" | "outcomes" => "objective",
        "changes" => "channel",
        "effort" => "skill",
        _ => "key",
    }
}

/// The sheet a single or list reference points into, by the referring
/// sheet and column: what a drop-down of ids is made from. `None` when the
/// ids are of several kinds or of another plan.
pub fn target(sheet: &[&str], column: &str) -> Option<&'static [&'static str]> {
    let objectives: &'static [&'static str] = &["objectives"];
    Some(match (sheet.first().copied().unwrap_or(""), column) {
        ("objectives", "supports") => &["goals"],
        (_, "supports") => objectives,
        (_, "objective" | "response.objective") | ("risks", "impact_on") => objectives,
        ("triggers", "channel" | "from" | "to") | ("scenarios", "channel") => &["channels"],
        ("team" | "agencies", "channels") => &["channels"],
        (_, "initiative" | "depends_on") => &["initiatives"],
        (_, "agency") => &["agencies"],
        ("triggers", "scenario") => &["scenarios"],
        ("asks", "role") | ("stack", "owner" | "override_by") => &["team"],
        (_, "budget_line") => &["budget", "lines"],
        (_, "insights") => &["insights"],
        (_, "audiences") => &["audiences"],
        ("stack", "feeds" | "fed_by") => &["stack"],
        _ => return None,
    })
}

/// A header as the reader compares it: trimmed, lower case, spaces as `_`.
pub fn normal(header: &str) -> String {
    header.trim().to_lowercase().replace(' ', "_")
}
