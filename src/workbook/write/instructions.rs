//! The Instructions sheet: how to fill the workbook in, and how to turn it
//! into a plan.

use rust_xlsxwriter::Worksheet;

use super::Formats;
use crate::export::ExportError;
use crate::policy::Policy;
use crate::workbook::layout::{self, Sheet};

/// The Instructions sheet: how to fill the workbook in, what each sheet
/// holds, and what the policy asks of every plan.
pub(super) fn instructions(
    ws: &mut Worksheet,
    sheets: &[Sheet],
    policy: Option<&Policy>,
    filled: bool,
    f: &Formats,
) -> Result<(), ExportError> {
    ws.set_name(layout::INSTRUCTIONS)?;
    let mut lines: Vec<(String, String)> = vec![
        ("Marketing plan workbook".into(), String::new()),
        (
            if filled {
                "This workbook holds a whole marketing plan, one sheet per section.".into()
            } else {
                "Fill in your unit's marketing plan: one sheet per section, one row per item.".into()
            },
            String::new(),
        ),
        (String::new(), String::new()),
        ("How to fill it in".into(), String::new()),
        ("• One row per item; the first column of a sheet is the item's id (a-z, 0-9, -, _).".into(), String::new()),
        ("• Hover a column header for what the field means. Orange headers are required.".into(), String::new()),
        ("• Several ids in one cell are separated by commas; several texts by line breaks (Alt+Enter).".into(), String::new()),
        ("• Amounts are numbers in the plan's currency; dates are dates (YYYY-MM-DD).".into(), String::new()),
        ("• Phasing: quarterly.1 … quarterly.4 are the quarters of the period; add monthly.1 … columns to phase by month instead.".into(), String::new()),
        ("• Don't rename sheets or headers, or merge cells: mvplan reads them by name.".into(), String::new()),
        ("• The Totals sheet and this one are not read back.".into(), String::new()),
        (String::new(), String::new()),
        ("Check it: mvplan check plan.xlsx — every finding names its sheet and cell.".into(), String::new()),
        ("Turn it into a TOML plan: mvplan import plan.xlsx -o plan.toml".into(), String::new()),
        (String::new(), String::new()),
        ("Sheets".into(), String::new()),
    ];
    for s in sheets {
        lines.push((s.name.clone(), s.doc.to_string()));
    }
    if let Some(p) = policy {
        lines.push((String::new(), String::new()));
        lines.push((
            format!(
                "The policy{}",
                p.name.as_ref().map_or(String::new(), |n| format!(" ({n})"))
            ),
            String::new(),
        ));
        if let Some(c) = &p.currency {
            lines.push(("Currency of the roll-up".into(), c.value.clone()));
        }
        let join = |v: &[crate::plan::Located<String>]| {
            v.iter()
                .map(|l| l.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !p.require_sections.is_empty() {
            lines.push((
                "Sections every plan must have".into(),
                join(&p.require_sections),
            ));
        }
        if !p.require_fields.is_empty() {
            lines.push((
                "Fields every item must fill in".into(),
                join(&p.require_fields),
            ));
        }
        if !p.categories.is_empty() {
            lines.push(("Channel categories allowed".into(), join(&p.categories)));
        }
        for (category, kpis) in &p.kpis {
            lines.push((
                format!("KPIs every `{}` channel must have", category.value),
                join(kpis),
            ));
        }
        if let Some(m) = &p.max_channel_share {
            lines.push((
                "Largest share of spend one channel may take".into(),
                format!("{}%", m.value),
            ));
        }
    }
    for (i, (a, b)) in lines.iter().enumerate() {
        let r = i as u32;
        let bold = matches!(
            a.as_str(),
            "Marketing plan workbook" | "How to fill it in" | "Sheets"
        ) || a.starts_with("The policy");
        if bold {
            ws.write_string_with_format(r, 0, a, &f.title)?;
        } else if !a.is_empty() {
            ws.write_string(r, 0, a)?;
        }
        if !b.is_empty() {
            ws.write_string(r, 1, b)?;
        }
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 90)?;
    Ok(())
}
