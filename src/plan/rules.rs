//! The loader's rules: problems that make a plan file unusable.
//!
//! They are errors that no `[checks]` section can silence; `check` stops after
//! them (exit code 2) because the alignment rules need a whole plan.

use crate::diagnostic::{Rule, Severity};

const fn load_rule(id: &'static str, summary: &'static str, explanation: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        family: "load",
        summary,
        explanation,
        configurable: false,
    }
}

pub const SYNTAX: Rule = load_rule(
    "syntax",
    "the file is not valid TOML",
    "The plan file could not be parsed as TOML. Common causes: a missing closing quote, a \
missing `=` between key and value, a duplicate key in the same table, or a `[[section]]` \
header spelled differently from the section it extends.\n\nFix the line shown; every syntax \
error in the file is reported in one run.",
);

pub const WRONG_TYPE: Rule = load_rule(
    "wrong-type",
    "a field has a value of the wrong type",
    "Each field of the plan format has one type: text in quotes, a number, a date \
(2027-03-31, without quotes), a list `[...]`, or a table. The message says which type the \
field takes; `mvplan docs plan-format` documents every field.\n\nExample: `budget = \"lots\"` must \
be `budget = 250000` (or the string `\"250k\"`).",
);

pub const MISSING_FIELD: Rule = load_rule(
    "missing-field",
    "a required field is missing",
    "Some fields are required because the checker and the deck cannot work without them: every \
item needs an `id`, channels need a `budget`, the plan needs a period (`start`, `end`) and a \
`currency`. The help line shows what to add.",
);

pub const UNKNOWN_FIELD: Rule = load_rule(
    "unknown-field",
    "a field is not part of the plan format",
    "mvplan rejects fields it does not know instead of ignoring them: a misspelt `budjet` \
would otherwise silently leave a channel unfunded. The help line suggests the closest known \
field; `mvplan docs plan-format` lists them all.",
);

pub const INVALID_VALUE: Rule = load_rule(
    "invalid-value",
    "a value has the right type but is not acceptable",
    "The value is of the right type but outside what the field accepts: an unknown currency \
code, a date that does not exist, an id that is not a slug, a status that is not one of \
draft/submitted/approved, a percentage above 100, or an amount too large to be real (above \
one quadrillion, usually extra zeros).",
);

pub const NEGATIVE_AMOUNT: Rule = load_rule(
    "negative-amount",
    "an amount of money is negative",
    "Budgets, costs and fees are positive. A negative line would silently lower totals and \
make the budget arithmetic meaningless. To cut a line, remove it or set it to zero.",
);

pub const READ_FILE: Rule = load_rule(
    "read-file",
    "the file could not be read",
    "The plan file does not exist, is not readable, is not UTF-8 text, or is larger than \
mvplan accepts. Check the path and the file's encoding.",
);

pub const ALL: &[&Rule] = &[
    &READ_FILE,
    &SYNTAX,
    &WRONG_TYPE,
    &MISSING_FIELD,
    &UNKNOWN_FIELD,
    &INVALID_VALUE,
    &NEGATIVE_AMOUNT,
];
