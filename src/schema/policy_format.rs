//! The policy format's fields, as data.

use super::plan_format::checks;
use super::{Field, Kind, names, opt};
use crate::plan::load;

pub(super) fn policy_fields() -> Vec<Field> {
    vec![
        opt(
            "policy",
            Kind::Table(vec![
                opt("name", Kind::Text, "The policy's name, shown in reviews."),
                opt(
                    "currency",
                    Kind::Currency,
                    "The currency of portfolio roll-ups.",
                ),
                opt(
                    "theme",
                    Kind::Text,
                    "`default`, `dark`, or a theme file relative to the policy.",
                ),
                opt(
                    "pptx_template",
                    Kind::Text,
                    "A PowerPoint template (.pptx or .potx) beside the policy, for every `--format pptx` deck (`mvplan docs pptx`).",
                ),
            ]),
            "The policy itself.",
        ),
        opt(
            "rates",
            Kind::IdNumbers,
            "Units of the policy currency per unit of another currency, by ISO code.",
        ),
        opt(
            "require",
            Kind::Table(vec![
                opt(
                    "sections",
                    Kind::Names(crate::policy::SECTIONS.to_vec()),
                    "Sections every plan must have.",
                ),
                opt(
                    "fields",
                    Kind::Names(crate::policy::FIELDS.to_vec()),
                    "`section.field` names every item must fill in.",
                ),
                opt(
                    "status",
                    Kind::Choice(names(load::STATUS)),
                    "The least status every plan must have for `mvplan review` to pass (rule `review-status`).",
                ),
            ]),
            "What every plan must contain.",
        ),
        opt(
            "channels",
            Kind::Table(vec![
                opt(
                    "categories",
                    Kind::Texts,
                    "Allowed channel categories (empty: any).",
                ),
                opt(
                    "max_share",
                    Kind::Percent,
                    "Largest share of spend one channel may take, percent.",
                ),
            ]),
            "Rules for channels.",
        ),
        opt(
            "checks",
            Kind::Table(checks()),
            "The checker's settings for every plan; they win over a plan's own.",
        ),
        opt(
            "kpis",
            Kind::TextLists,
            "KPIs every channel of a category must have, by category.",
        ),
        opt(
            "stack",
            Kind::Table(vec![opt(
                "central",
                Kind::TextLists,
                "What the group provides every unit: the tool (or tools) by capability (rule `local-duplicates-central`).",
            )]),
            "The group's central stack.",
        ),
    ]
}
