//! A plan quarter named by its months the first time a slide says it. A
//! plan whose year does not start in January numbers its quarters from its
//! own start ("Q1" is March to May for a March year), and a reader takes a
//! bare "Q1" for January to March: the first "Q1" of each slide's text
//! becomes "Q1 (Mar–May 2027)". Tables and charts keep the short label the
//! slide has then explained; HTML comments (speaker notes) are left alone.

use chrono::Datelike;

use crate::figures::Quarter;

/// The longest title a slide carries, in characters.
const TITLE_LIMIT: usize = 200;

/// `md` with the first bare plan-quarter label of each slide dated.
/// Calendar quarters ("Q1 2027") already say their year and are left as
/// they are.
pub fn date_quarters(md: &str, quarters: &[Quarter]) -> String {
    if quarters.iter().all(|q| q.label.contains(' ')) {
        return md.to_string();
    }
    let mut slides: Vec<String> = Vec::new();
    for (i, slide) in md.split("\n---\n").enumerate() {
        // The front matter comes first.
        slides.push(if i == 0 {
            slide.to_string()
        } else {
            date_first(slide, quarters)
        });
    }
    slides.join("\n---\n")
}

fn date_first(slide: &str, quarters: &[Quarter]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fenced = false;
    let mut comment = false;
    let mut done = false;
    for line in slide.split('\n') {
        let t = line.trim_start();
        if t.starts_with("```") {
            fenced = !fenced;
        }
        let skip = fenced || comment || t.starts_with('|') || t.starts_with("<!--");
        if t.contains("<!--") && !t.contains("-->") {
            comment = true;
        } else if comment && t.contains("-->") {
            comment = false;
        }
        // A title stays within the decks' length (200 characters): a title
        // the months would lengthen past it leaves them to the body.
        let fits = |l: &String| !t.starts_with("# ") || l.chars().count() <= TITLE_LIMIT + 2;
        match (!done && !skip)
            .then(|| dated(line, quarters))
            .flatten()
            .filter(fits)
        {
            Some(l) => {
                out.push(l);
                done = true;
            }
            None => out.push(line.to_string()),
        }
    }
    if !done {
        // No prose names a quarter: a table whose rows are quarters ("Q1",
        // "Q2" down its first column, the budget-by-quarter slide) dates
        // each row, or a reader takes Q1 of a March year for January.
        date_row_labels(&mut out, quarters);
    }
    out.join("\n")
}

/// Each table row whose first cell is a bare plan-quarter label, dated
/// ("| Q1 (Mar–May 2027) | …"), outside code fences and comments.
fn date_row_labels(lines: &mut [String], quarters: &[Quarter]) {
    let mut fenced = false;
    let mut comment = false;
    for line in lines.iter_mut() {
        let t = line.trim_start();
        if t.starts_with("```") {
            fenced = !fenced;
        }
        if t.contains("<!--") && !t.contains("-->") {
            comment = true;
        } else if comment && t.contains("-->") {
            comment = false;
        }
        if fenced || comment || !t.starts_with('|') {
            continue;
        }
        let mut cells: Vec<&str> = t.split('|').collect();
        let Some(q) = cells
            .get(1)
            .and_then(|c| quarters.iter().find(|q| q.label == c.trim()))
        else {
            continue;
        };
        let dated = format!(" {} ({}) ", q.label, months(q));
        cells[1] = &dated;
        *line = cells.join("|");
    }
}

/// The line with its first bare quarter label dated, if it has one: not
/// part of a range ("Q2–Q3"), not another year's ("FY2027 Q3", "Q3 2026"),
/// not already dated.
fn dated(line: &str, quarters: &[Quarter]) -> Option<String> {
    let bytes = line.as_bytes();
    for (i, _) in line.match_indices('Q') {
        let digit = bytes.get(i + 1).copied()?;
        if !(b'1'..=b'9').contains(&digit) {
            continue;
        }
        let end = i + 2;
        let after = &line[end..];
        let before = &line[..i];
        let word_start = before.chars().last().is_none_or(|c| !c.is_alphanumeric());
        let word_end = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
        let ranged = after.starts_with(['–', '-']) || before.ends_with(['–', '-']);
        let other_year = after.starts_with(" 20")
            || after.starts_with(" (")
            || after.starts_with(" FY")
            || before
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.starts_with("FY"));
        // Inside the author's quoted words ("not hired until Q3") the
        // quarter stays as written.
        let quoted = before.matches('“').count() > before.matches('”').count();
        if !word_start || !word_end || ranged || other_year || quoted {
            continue;
        }
        let label = &line[i..end];
        let Some(q) = quarters.iter().find(|q| q.label == label) else {
            continue;
        };
        return Some(format!("{}{label} ({}){after}", &line[..i], months(q)));
    }
    None
}

/// "Mar–May 2027", or "Dec 2027–Feb 2028" across a year's end.
fn months(q: &Quarter) -> String {
    if q.start.year() == q.end.year() {
        format!("{}–{}", q.start.format("%b"), q.end.format("%b %Y"))
    } else {
        format!("{}–{}", q.start.format("%b %Y"), q.end.format("%b %Y"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn q(label: &str, start: (i32, u32), end: (i32, u32, u32)) -> Quarter {
        Quarter {
            label: label.to_string(),
            start: NaiveDate::from_ymd_opt(start.0, start.1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(end.0, end.1, end.2).unwrap(),
        }
    }

    #[test]
    fn a_slide_whose_quarters_are_only_table_rows_dates_each_row() {
        let quarters = [
            q("Q1", (2027, 3), (2027, 5, 31)),
            q("Q2", (2027, 6), (2027, 8, 31)),
        ];
        let md = "---\ntheme: x\n---\n# Budget by quarter\n\n```chart bar\nQ1: 3\nQ2: 4\n```\n\n| Quarter | Total |\n|---|--:|\n| Q1 | €3k |\n| Q2 | €4k |\n";
        let out = date_quarters(md, &quarters);
        assert!(out.contains("| Q1 (Mar–May 2027) | €3k |"), "{out}");
        assert!(out.contains("| Q2 (Jun–Aug 2027) | €4k |"), "{out}");
        // The chart keeps its short labels.
        assert!(out.contains("\nQ1: 3\n"), "{out}");
    }

    #[test]
    fn the_first_bare_quarter_of_each_slide_gets_its_months() {
        let qs = [
            q("Q1", (2027, 3), (2027, 5, 31)),
            q("Q4", (2027, 12), (2028, 2, 29)),
        ];
        let md = "---\ntitle: Q1\n---\n# Q1 needs 0.5 FTE-months\n\n| Q1 | Q4 |\n\nQ1 again\n\n---\n\n<!-- Q4 -->\nIn Q2–Q3 FY2027 and FY2027 Q4; then Q4.";
        let out = date_quarters(md, &qs);
        assert!(out.contains("title: Q1\n"), "{out}");
        assert!(out.contains("# Q1 (Mar–May 2027) needs"), "{out}");
        assert!(
            out.contains("| Q1 | Q4 |") && out.contains("\nQ1 again"),
            "{out}"
        );
        assert!(out.contains("<!-- Q4 -->"), "{out}");
        assert!(out.contains("then Q4 (Dec 2027–Feb 2028)."), "{out}");
        let quoted = date_quarters("---\n---\nrisk “hired in Q3”", &qs);
        assert!(quoted.ends_with("risk “hired in Q3”"), "{quoted}");
        // Calendar quarters say their year already.
        let cal = [q("Q1 2027", (2027, 1), (2027, 3, 31))];
        assert_eq!(date_quarters(md, &cal), md);
    }
}
