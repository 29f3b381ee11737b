//! A plan's TOML as plain values, numbers kept as written (so an amount is
//! carried exactly), for the workbook writer to walk by the layout.

use toml::de::{DeTable, DeValue};

#[derive(Debug, Clone)]
pub enum V {
    Str(String),
    /// A number's text as written (`1_200_000`, `0.5`), radix 10.
    Num(String),
    Bool(bool),
    /// A TOML date or date-time, as written.
    Date(String),
    Arr(Vec<V>),
    Tab(Vec<(String, V)>),
}

impl V {
    pub fn get(&self, key: &str) -> Option<&V> {
        match self {
            V::Tab(t) => t.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at `path`, tables only.
    pub fn at(&self, path: &[&str]) -> Option<&V> {
        path.iter().try_fold(self, |v, k| v.get(k))
    }

    /// The tables at `path`, arrays along the way flattened: the items of
    /// an array of tables.
    pub fn items<'a>(&'a self, path: &[&str]) -> Vec<&'a V> {
        let mut here = vec![self];
        for k in path {
            let mut next = Vec::new();
            for v in here {
                match v.get(k) {
                    Some(V::Arr(a)) => next.extend(a.iter()),
                    Some(t @ V::Tab(_)) => next.push(t),
                    _ => {}
                }
            }
            here = next;
        }
        here.into_iter()
            .filter(|v| matches!(v, V::Tab(_)))
            .collect()
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// The plan text as values; `None` when it is not TOML.
pub fn parse(text: &str) -> Option<V> {
    let doc = DeTable::parse(text).ok()?;
    Some(table(doc.get_ref()))
}

fn table(t: &DeTable<'_>) -> V {
    V::Tab(
        t.iter()
            .map(|(k, v)| (k.get_ref().to_string(), value(v.get_ref())))
            .collect(),
    )
}

fn value(v: &DeValue<'_>) -> V {
    match v {
        DeValue::String(s) => V::Str(s.to_string()),
        DeValue::Integer(i) if i.radix() == 10 => V::Num(i.as_str().replace('_', "")),
        DeValue::Integer(i) => V::Num(
            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .map(|n| n.to_string())
                .unwrap_or_else(|_| i.as_str().to_string()),
        ),
        DeValue::Float(f) => V::Num(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => V::Bool(*b),
        DeValue::Datetime(d) => V::Date(d.to_string()),
        DeValue::Array(a) => V::Arr(a.iter().map(|v| value(v.get_ref())).collect()),
        DeValue::Table(t) => table(t),
    }
}
