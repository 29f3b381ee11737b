//! Response curves from marketing-mix modelling tools' own output, converted
//! to the plan's terms (`mvplan curves import`).
//!
//! PyMC-Marketing (`--from pymc-marketing`) fits each channel's
//! contribution per period as `beta · hill(adstock(x / channel_scale);
//! kappa, slope)` in units of `target / target_scale`. For spend spread
//! evenly over `n` periods of the plan (normalised adstock leaves steady
//! spend unchanged) the plan-period curve is therefore
//!
//! ```text
//! max_outcome     = n · target_scale · beta
//! half_saturation = n · channel_scale · kappa
//! slope           = slope
//! carryover       = alpha^(periods per quarter)   (weekly decay → quarterly)
//! ```
//!
//! taking the posterior median of each parameter. The file read is ArviZ's
//! JSON form of the fitted model (`idata.to_json(...)`), with the posterior
//! of the `saturation_*` and `adstock_*` variables, `constant_data`'s
//! `channel_scale` and `target_scale`, and the model's attributes;
//! tests/fixtures/mmm/fit_pymc_marketing.py shows how it is written.

use serde_json::Value;

/// MMM export files larger than this are refused: a full posterior of
/// contributions is not needed and not read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One channel's curve in the plan's terms.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Imported {
    /// The channel's name in the model (a data column).
    pub name: String,
    pub half_saturation: f64,
    pub slope: f64,
    pub max_outcome: f64,
    pub carryover: Option<f64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Import {
    pub tool: String,
    pub version: String,
    pub model_id: Option<String>,
    /// The model's target (a data column), e.g. `pipeline`.
    pub target: Option<String>,
    pub periods: f64,
    pub channels: Vec<Imported>,
}

/// Reads PyMC-Marketing's exported model. `periods` is how many of the
/// model's periods (weeks, usually) the plan period has.
pub fn pymc_marketing(text: &str, periods: f64) -> Result<Import, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        format!("it is not JSON ({e}); export the model with `mmm.idata.to_json(...)` as docs/plan-format.md shows")
    })?;
    let attrs = doc.get("attrs").and_then(Value::as_object);
    let attr = |k: &str| attrs.and_then(|a| a.get(k)).and_then(Value::as_str);
    let decoded = |k: &str| attr(k).and_then(|s| serde_json::from_str::<Value>(s).ok());
    let channels: Vec<String> = decoded("channel_columns")
        .and_then(|v| v.as_array().cloned())
        .or_else(|| doc.pointer("/coords/channel").and_then(Value::as_array).cloned())
        .ok_or("it has no channel names (`attrs.channel_columns` or `coords.channel`): is it a PyMC-Marketing model's InferenceData?")?
        .iter()
        .map(|v| v.as_str().map(str::to_string).ok_or("a channel name is not text"))
        .collect::<Result<_, _>>()?;
    if channels.is_empty() || channels.len() > 10_000 {
        return Err(format!("it names {} channels", channels.len()));
    }
    if let Some(sat) = decoded("saturation")
        && let Some(name) = sat.get("lookup_name").and_then(Value::as_str)
        && name != "hill"
    {
        return Err(format!(
            "its saturation is `{name}`; mvplan imports Hill curves (`HillSaturation`), the form Meridian and Robyn use too"
        ));
    }
    let posterior = doc
        .get("posterior")
        .ok_or("it has no `posterior` group: export the fitted model's InferenceData")?;
    let median = |var: &str| -> Result<Vec<f64>, String> {
        let v = posterior
            .get(var)
            .ok_or_else(|| format!("its posterior has no `{var}`"))?;
        per_channel_medians(v, channels.len()).ok_or_else(|| {
            format!(
                "`{var}` is not a [chain][draw][channel] array of numbers for {} channels",
                channels.len()
            )
        })
    };
    let slope = median("saturation_slope")?;
    let kappa = median("saturation_kappa")?;
    let beta = median("saturation_beta")?;
    let alpha = median("adstock_alpha").ok();
    let consts = doc
        .get("constant_data")
        .ok_or("it has no `constant_data` group with the channel and target scales")?;
    let channel_scale: Vec<f64> = match consts.get("channel_scale") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_f64().ok_or("a channel scale is not a number"))
            .collect::<Result<_, _>>()?,
        Some(v) => vec![v.as_f64().ok_or("`channel_scale` is not a number")?; channels.len()],
        None => return Err("`constant_data` has no `channel_scale`".into()),
    };
    if channel_scale.len() != channels.len() {
        return Err("`channel_scale` does not have one value per channel".into());
    }
    let target_scale = match consts.get("target_scale") {
        Some(Value::Array(a)) if a.len() == 1 => a[0].as_f64(),
        Some(v) => v.as_f64(),
        None => None,
    }
    .ok_or("`constant_data` has no single `target_scale`")?;
    let per_quarter = periods / 4.0;
    let out: Vec<Imported> = (0..channels.len())
        .map(|i| Imported {
            name: channels[i].clone(),
            half_saturation: periods * channel_scale[i] * kappa[i],
            slope: slope[i],
            max_outcome: periods * target_scale * beta[i],
            carryover: alpha
                .as_ref()
                .map(|a| a[i].powf(per_quarter))
                .filter(|c| *c >= 0.01),
        })
        .collect();
    if let Some(bad) = out.iter().find(|c| {
        ![c.half_saturation, c.slope, c.max_outcome]
            .iter()
            .all(|x| x.is_finite() && *x > 0.0)
    }) {
        return Err(format!(
            "the curve of `{}` has a parameter that is not a positive number",
            bad.name
        ));
    }
    let version = doc
        .pointer("/posterior_attrs/pymc_marketing_version")
        .and_then(Value::as_str)
        .unwrap_or("unknown version");
    Ok(Import {
        tool: "PyMC-Marketing".into(),
        version: version.to_string(),
        model_id: attr("id").map(str::to_string),
        target: attr("target_column").map(str::to_string),
        periods,
        channels: out,
    })
}

/// Medians over chains and draws of a `[chain][draw][channel]` array.
fn per_channel_medians(v: &Value, n: usize) -> Option<Vec<f64>> {
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); n];
    for chain in v.as_array()? {
        for draw in chain.as_array()? {
            let row = draw.as_array()?;
            if row.len() != n {
                return None;
            }
            for (i, x) in row.iter().enumerate() {
                columns[i].push(x.as_f64()?);
            }
        }
    }
    columns
        .into_iter()
        .map(|mut c| {
            if c.is_empty() || c.iter().any(|x| !x.is_finite()) {
                return None;
            }
            c.sort_by(f64::total_cmp);
            let m = c.len() / 2;
            Some(if c.len() % 2 == 1 {
                c[m]
            } else {
                (c[m - 1] + c[m]) / 2.0
            })
        })
        .collect()
}

/// A channel id a model's column name most likely means: `paid_search` →
/// `paid-search`.
pub fn slug(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// Rounds to 4 significant figures: the posterior's uncertainty is far
/// wider, and the plan stays readable.
fn sig4(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return 0.0;
    }
    let digits = x.abs().log10().floor() as i32 + 1;
    let scale = 10f64.powi(digits - 4);
    let r = (x / scale).round() * scale;
    // `0.7966` rather than `0.79660000000001`: print at the precision kept.
    if digits < 4 {
        let places = (4 - digits) as usize;
        format!("{r:.places$}").parse().unwrap_or(r)
    } else {
        r
    }
}

/// The `[channels.response]` table for one imported curve, every value a
/// TOML value (written by the plan writer, escaped).
pub fn response_table(c: &Imported, objective: &str, source: &str) -> toml_edit::Table {
    use crate::plan::edit::number;
    let mut t = toml_edit::Table::new();
    t.insert("objective", toml_edit::value(objective));
    t.insert("curve", toml_edit::value("hill"));
    t.insert(
        "half_saturation",
        toml_edit::value(number(sig4(c.half_saturation))),
    );
    t.insert("slope", toml_edit::value(number(sig4(c.slope))));
    t.insert("max_outcome", toml_edit::value(number(sig4(c.max_outcome))));
    if let Some(k) = c.carryover {
        t.insert("carryover", toml_edit::value(number(sig4(k.min(0.95)))));
    }
    t.insert("source", toml_edit::value(source));
    t
}

/// The `[channels.response]` table for one imported curve, as text.
pub fn to_toml(c: &Imported, objective: &str, source: &str) -> String {
    let mut channels = toml_edit::Table::new();
    channels.set_implicit(true);
    channels.insert(
        "response",
        toml_edit::Item::Table(response_table(c, objective, source)),
    );
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("channels", toml_edit::Item::Table(channels));
    doc.to_string()
}
