//! Generated documentation stays in step with the code.

#[test]
fn rules_md_matches_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let expected = mvplan::catalogue::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn plan_format_documents_every_rule_it_names_and_every_section() {
    let doc = include_str!("../../docs/plan-format.md");
    for section in [
        "[plan]",
        "[checks]",
        "[[goals]]",
        "[[objectives]]",
        "[[audiences]]",
        "[[insights]]",
        "[strategy]",
        "[[assumptions]]",
        "[[channels]]",
        "[budget]",
        "[[budget.lines]]",
        "[[team]]",
        "[[agencies]]",
        "[[scenarios]]",
        "[[initiatives]]",
        "[[milestones]]",
        "[[risks]]",
        "[[asks]]",
    ] {
        assert!(
            doc.contains(&format!("## `{section}`")) || doc.contains(&format!("### `{section}`")),
            "{section} undocumented"
        );
    }
    // Every rule id the format reference mentions exists.
    let ids: Vec<&str> = mvplan::catalogue::all().iter().map(|r| r.id).collect();
    for part in doc.split("rule `").skip(1) {
        let id = part.split('`').next().unwrap();
        assert!(
            ids.contains(&id),
            "docs/plan-format.md names unknown rule `{id}`"
        );
    }
}
