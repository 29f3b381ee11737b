//! Who owns an initiative, as a team row: an owner named by a role that
//! joins the team after the work starts leaves the work without its owner
//! until then. A board reader found it by reading the roadmap (work from
//! March, owner "CRM and loyalty app manager") against the people slide
//! (that role "to hire", from April); the check and the roadmap say it.

use super::{Initiative, Plan, Role};
use chrono::NaiveDate;

/// The team row an initiative's owner names, where that row joins after
/// the initiative starts: the row and the date it joins.
pub fn joins_after<'p>(plan: &'p Plan, i: &Initiative) -> Option<(&'p Role, NaiveDate)> {
    let owner = role_name(i.owner.as_deref()?);
    if owner.is_empty() {
        return None;
    }
    plan.team.iter().find_map(|r| {
        let joins = r.start.as_ref()?.value;
        (joins > i.start.value && role_name(&r.role) == owner).then_some((r, joins))
    })
}

/// A role as a name to compare: lower case, without a bracketed remark
/// ("CRM and loyalty app manager (to hire)" names the same role as the
/// owner "CRM and loyalty app manager").
fn role_name(text: &str) -> String {
    let cut = text.find(" (").unwrap_or(text.len());
    text[..cut].trim().to_lowercase()
}
