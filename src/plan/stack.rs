//! `[[stack]]`: the systems a plan relies on (marketing operations), and
//! the vocabulary of capabilities they provide. The model types live here,
//! with their reader, so the section reads as one unit against
//! docs/plan-format.md ("Operations").

use serde::Serialize;

use super::fields::Fields;
use super::located::{Located, Money, Ref};
use crate::diagnostic::{Span, did_you_mean};

/// What a tool does for marketing. The vocabulary is fixed so that units'
/// stacks can be compared across a portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    Crm,
    MarketingAutomation,
    Cdp,
    Analytics,
    IntentData,
    Abm,
    Ads,
    Social,
    Cms,
    Dam,
    Pim,
    Planning,
    Experimentation,
    DataWarehouse,
    Other,
}

/// Every capability: its word in the plan, its label on slides, and whether
/// a plan normally has one tool for it (a system of record) or several.
pub const CAPABILITIES: &[(&str, Capability, &str, bool)] = &[
    ("crm", Capability::Crm, "CRM", true),
    (
        "marketing-automation",
        Capability::MarketingAutomation,
        "Marketing automation",
        true,
    ),
    ("cdp", Capability::Cdp, "Customer data platform", true),
    (
        "analytics",
        Capability::Analytics,
        "Analytics and attribution",
        true,
    ),
    ("intent-data", Capability::IntentData, "Intent data", false),
    ("abm", Capability::Abm, "ABM platform", true),
    ("ads", Capability::Ads, "Ad platforms", false),
    ("social", Capability::Social, "Social publishing", false),
    ("cms", Capability::Cms, "Web content management", true),
    ("dam", Capability::Dam, "Digital asset management", true),
    ("pim", Capability::Pim, "Product information", true),
    (
        "planning",
        Capability::Planning,
        "Planning and work management",
        true,
    ),
    (
        "experimentation",
        Capability::Experimentation,
        "Experimentation",
        true,
    ),
    (
        "data-warehouse",
        Capability::DataWarehouse,
        "Data warehouse",
        true,
    ),
    ("other", Capability::Other, "Other", false),
];

impl Capability {
    pub fn parse(word: &str) -> Option<Capability> {
        CAPABILITIES
            .iter()
            .find(|(w, ..)| *w == word)
            .map(|(_, c, ..)| *c)
    }

    pub fn word(self) -> &'static str {
        CAPABILITIES
            .iter()
            .find(|(_, c, ..)| *c == self)
            .map_or("other", |(w, ..)| w)
    }

    pub fn label(self) -> &'static str {
        CAPABILITIES
            .iter()
            .find(|(_, c, ..)| *c == self)
            .map_or("Other", |(_, _, l, _)| l)
    }

    /// Whether two tools for it in one plan are a duplicate (a system of
    /// record), not a normal mix (ad platforms, intent sources).
    pub fn single(self) -> bool {
        CAPABILITIES
            .iter()
            .find(|(_, c, ..)| *c == self)
            .is_some_and(|(.., s)| *s)
    }

    /// What a channel of this category needs without saying so: ABM needs
    /// a CRM and intent data, lifecycle and email programmes a
    /// marketing-automation platform. Kept short on purpose: a wrong guess
    /// here is a false finding in every plan of that category.
    pub fn implied_by_category(category: &str) -> &'static [Capability] {
        match category {
            "abm" => &[Capability::Crm, Capability::IntentData],
            "lifecycle" | "email" | "nurture" => &[Capability::MarketingAutomation],
            _ => &[],
        }
    }

    /// What a KPI needs by its name: attribution and return on ad spend
    /// are measured by an analytics/attribution tool.
    pub fn implied_by_kpi(name: &str) -> &'static [Capability] {
        let n = name.to_ascii_lowercase();
        if n.contains("attribut") || n.contains("roas") || n.contains("return on ad spend") {
            &[Capability::Analytics]
        } else {
            &[]
        }
    }
}

/// Whether the group provides a tool to every unit, or the unit buys it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Central,
    Local,
}

pub const SCOPE: &[(&str, Scope)] = &[("central", Scope::Central), ("local", Scope::Local)];

/// `[[stack.automations]]`: something a tool does on its own.
#[derive(Debug, Clone, Serialize)]
pub struct Automation {
    pub id: Located<String>,
    pub name: String,
    /// It reaches customers (emails, ads, chat, prices), so a person must
    /// be able to stop it.
    pub customer_facing: bool,
    /// The team row that can override, pause or stop it.
    pub override_by: Option<Ref>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[stack]]`: a tool or platform the plan relies on.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub id: Located<String>,
    pub tool: String,
    pub capabilities: Vec<Located<Capability>>,
    /// The team row that owns it.
    pub owner: Option<Ref>,
    /// Annual cost.
    pub cost: Option<Money>,
    /// Whether `cost` is paid from this plan's budget (default: yes for a
    /// local tool, no for a central one).
    pub in_budget: bool,
    /// The budget line that pays for it, if the plan says.
    pub budget_line: Option<Ref>,
    pub scope: Scope,
    /// Tools it sends data to, and tools it receives data from.
    pub feeds: Vec<Ref>,
    pub fed_by: Vec<Ref>,
    /// Channels, initiatives, KPIs or objectives that depend on it.
    pub used_by: Vec<Ref>,
    pub automations: Vec<Automation>,
    #[serde(skip)]
    pub span: Span,
}

impl Tool {
    pub fn provides(&self, c: Capability) -> bool {
        self.capabilities.iter().any(|x| x.value == c)
    }
}

/// A list of capability words, each checked against the vocabulary.
pub(crate) fn capabilities(t: &mut Fields<'_, '_>, key: &'static str) -> Vec<Located<Capability>> {
    let words = t.strings(key);
    let mut out = Vec::new();
    for w in words {
        match Capability::parse(&w.value) {
            Some(c) => out.push(Located::new(c, w.span)),
            None => {
                let all = CAPABILITIES.iter().map(|(w, ..)| *w);
                let help = match did_you_mean(&w.value, all.clone()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("use one of: {}", all.collect::<Vec<_>>().join(", ")),
                };
                t.invalid(
                    w.span.clone(),
                    format!("`{}` is not a capability mvplan knows", w.value),
                    help,
                );
            }
        }
    }
    out
}

pub(crate) fn read_tool(mut t: Fields<'_, '_>) -> Option<Tool> {
    let id = t.id();
    if let Some(id) = &id {
        t.name_as(format!("tool `{}`", id.value));
    }
    let tool = t.req_text("tool");
    let present = t.has_key("capability");
    let capabilities = capabilities(&mut t, "capability");
    if !present {
        t.invalid(
            t.sink().head(&t.span()),
            "a tool needs the `capability` it provides",
            "add e.g. `capability = \"marketing-automation\"` (or a list); docs/plan-format.md lists them",
        );
    }
    let owner = t.str("owner");
    let cost = t.money("cost");
    let scope = t.choice("scope", SCOPE).unwrap_or(Scope::Local);
    let in_budget = t.boolean("in_budget").unwrap_or(scope == Scope::Local);
    let budget_line = t.str("budget_line");
    let feeds = t.refs("feeds");
    let fed_by = t.refs("fed_by");
    let used_by = t.refs("used_by");
    let automations = t
        .tables("automations", "automation")
        .into_iter()
        .filter_map(read_automation)
        .collect();
    let span = t.span();
    t.finish();
    Some(Tool {
        id: id?,
        tool: tool?,
        capabilities,
        owner,
        cost,
        in_budget,
        budget_line,
        scope,
        feeds,
        fed_by,
        used_by,
        automations,
        span,
    })
}

fn read_automation(mut t: Fields<'_, '_>) -> Option<Automation> {
    let id = t.id();
    if let Some(id) = &id {
        t.name_as(format!("automation `{}`", id.value));
    }
    let name = t.req_text("name");
    let customer_facing = t.boolean("customer_facing").unwrap_or(true);
    let override_by = t.str("override_by");
    let span = t.span();
    t.finish();
    Some(Automation {
        id: id?,
        name: name?,
        customer_facing,
        override_by,
        span,
    })
}
