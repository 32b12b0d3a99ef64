//! Country classes (`domestic`, `foreign`, `embargoed`) as versioned data with effective dates.
//! The table lives in the store; this is the in-memory view used on the request path.

use std::collections::HashMap;

use crate::store::CountryTier;

/// Class of a country not in the table.
pub const DEFAULT_CLASS: &str = "foreign";

/// The country table, indexed for lookups at a point in time.
#[derive(Debug, Clone, Default)]
pub struct CountryTable {
    by_country: HashMap<String, Vec<CountryTier>>,
}

impl CountryTable {
    /// Builds the table from every stored row.
    pub fn new(rows: Vec<CountryTier>) -> CountryTable {
        let mut by_country: HashMap<String, Vec<CountryTier>> = HashMap::new();
        for r in rows {
            by_country.entry(r.country.clone()).or_default().push(r);
        }
        for v in by_country.values_mut() {
            v.sort_by_key(|r| (r.effective_from, r.version));
        }
        CountryTable { by_country }
    }

    /// The class of `country` at time `at` (unix seconds): the row with the latest effective
    /// date not after `at`, the highest version breaking ties.
    pub fn class_of(&self, country: &str, at: i64) -> &str {
        self.by_country
            .get(country)
            .and_then(|rows| rows.iter().rev().find(|r| r.effective_from <= at))
            .map(|r| r.class.as_str())
            .unwrap_or(DEFAULT_CLASS)
    }
}

/// Checks an ISO 3166-1 alpha-2 code and returns it upper-cased.
pub fn normalise_country(cc: &str) -> Option<String> {
    let cc = cc.trim();
    (cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_alphabetic())).then(|| cc.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(c: &str, class: &str, from: i64, v: i64) -> CountryTier {
        CountryTier {
            country: c.into(),
            class: class.into(),
            effective_from: from,
            version: v,
            source: "t".into(),
        }
    }

    #[test]
    fn effective_dates() {
        let t = CountryTable::new(vec![
            row("SY", "embargoed", 0, 1),
            row("SY", "foreign", 1000, 2),
        ]);
        assert_eq!(t.class_of("SY", 999), "embargoed");
        assert_eq!(t.class_of("SY", 1000), "foreign");
        assert_eq!(t.class_of("FR", 5), "foreign");
    }
}
