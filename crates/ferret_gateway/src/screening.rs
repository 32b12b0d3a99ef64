//! Denied-party screening: import of the Consolidated Screening List CSV, and normalised plus
//! fuzzy (Jaro-Winkler over sorted tokens) name matching.

use crate::store::DeniedParty;

/// Errors of a screening import.
#[derive(Debug, thiserror::Error)]
pub enum ScreeningError {
    /// The CSV is malformed.
    #[error("screening list line {line}: {reason}")]
    Csv {
        /// 1-based line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// A required column is missing.
    #[error("screening list has no {0:?} column")]
    MissingColumn(&'static str),
}

/// Similarity at or above which a name is a hit.
pub const FUZZY_THRESHOLD: f64 = 0.92;

/// Splits CSV text (RFC 4180: quotes, doubled quotes, embedded commas and newlines) into records.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, ScreeningError> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line = 1usize;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => in_quotes = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                line += 1;
                any = false;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(ScreeningError::Csv {
            line,
            reason: "unterminated quoted field".into(),
        });
    }
    if any {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// Parses the CSL CSV: columns `name` (required), `alt_names` (`;`-separated), `addresses`,
/// `country` and `source` (optional), found by header name in any order.
pub fn parse_csl(text: &str) -> Result<Vec<DeniedParty>, ScreeningError> {
    let rows = parse_csv(text)?;
    let mut it = rows.into_iter();
    let header: Vec<String> = it
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let name_i = col("name").ok_or(ScreeningError::MissingColumn("name"))?;
    let alt_i = col("alt_names");
    let addr_i = col("addresses");
    let country_i = col("country");
    let source_i = col("source");
    let mut out = Vec::new();
    for (n, row) in it.enumerate() {
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|s| s.trim().to_string());
        let name = get(Some(name_i)).unwrap_or_default();
        if name.is_empty() {
            return Err(ScreeningError::Csv {
                line: n + 2,
                reason: "empty name".into(),
            });
        }
        out.push(DeniedParty {
            source: get(source_i).unwrap_or_default(),
            name,
            alt_names: get(alt_i)
                .unwrap_or_default()
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            country: get(country_i).filter(|s| !s.is_empty()),
            addresses: get(addr_i).unwrap_or_default(),
        });
    }
    Ok(out)
}

const NOISE: &[&str] = &[
    "the",
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "co",
    "company",
    "corp",
    "corporation",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "jsc",
    "pjsc",
    "ojsc",
    "ooo",
    "oao",
    "zao",
    "bv",
    "nv",
    "srl",
    "spa",
    "pte",
    "pty",
    "kk",
    "group",
    "holding",
    "holdings",
];

/// Whether `c` is an invisible formatting character: Unicode general category `Cf` (zero-width
/// space, joiners, bidirectional embeddings and overrides, soft hyphen, byte-order mark...) or a
/// line or paragraph separator (`Zl`, `Zp`). Names and other texts of record refuse them.
pub fn is_invisible_format(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    matches!(
        get_general_category(c),
        GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

fn is_mark(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
    )
}

/// Folds one name into its matching form (before tokens are split and filtered):
///
/// 1. the UTS #39 confusable skeleton (`unicode-security`): default-ignorable characters such
///    as zero-width spaces and joiners are dropped, and look-alikes map to one prototype
///    (Cyrillic `о`, Greek `ο` and the digit `0` all become `o`; Greek `Ν` becomes `N`;
///    full-width letters their ASCII forms); the result is decomposed (`é` is `e` and a mark);
/// 2. lower case, then the skeleton again and lower case again: the skeleton depends on case
///    (`M` is its own prototype, `m` is `rn`), so a name folds the same in any case;
/// 3. combining marks dropped (diacritics), and the Latin letters that do not decompose folded
///    (`ł`, `ø` after step 1, `đ`, `ß`...);
/// 4. `i` folded into `l` (capital `I`, `l`, `1` and `|` are one prototype, but lower-case `i`
///    is not, so without this `Ivan` and `ivan` would differ);
/// 5. anything else that is not a letter or digit becomes a space.
///
/// The folding only ever merges letters, on both sides of a comparison (listed names go
/// through it too): it can add screening hits for the regulator to clear, never hide one.
fn fold(name: &str) -> String {
    let once: String = unicode_security::skeleton(name)
        .flat_map(char::to_lowercase)
        .collect();
    let mut s = String::with_capacity(once.len());
    for c in unicode_security::skeleton(&once).flat_map(char::to_lowercase) {
        if is_mark(c) {
            continue;
        }
        let c = match c {
            'i' | 'ı' | 'ł' => 'l',
            'ø' => 'o',
            'đ' | 'ð' => 'd',
            'ħ' => 'h',
            'ŧ' => 't',
            'æ' => {
                s.push_str("ae");
                continue;
            }
            'œ' => {
                s.push_str("oe");
                continue;
            }
            'ß' => {
                s.push_str("ss");
                continue;
            }
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        s.push(c);
    }
    s
}

/// The corporate suffixes and filler words left out of matching, in their folded form.
fn noise() -> &'static [String] {
    static NOISE_FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NOISE_FOLDED.get_or_init(|| NOISE.iter().map(|w| fold(w).trim().to_string()).collect())
}

/// Normalises a name for matching: folded (lower case, confusable skeleton, diacritics and
/// invisible characters dropped, punctuation to spaces; see [`fold`]), corporate suffixes
/// removed, tokens sorted. Listed names and screened names go through the same function, so a
/// name spelled with look-alike letters or zero-width characters matches the listed spelling.
pub fn normalise_name(name: &str) -> String {
    let s = fold(name);
    let noise = noise();
    let mut tokens: Vec<&str> = s
        .split_whitespace()
        .filter(|t| !noise.iter().any(|n| n == t))
        .collect();
    tokens.sort_unstable();
    tokens.join(" ")
}

/// Jaro-Winkler similarity in `[0, 1]`.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_m = vec![false; a.len()];
    let mut b_m = vec![false; b.len()];
    let mut matches = 0usize;
    for i in 0..a.len() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_m[j] && a[i] == b[j] {
                a_m[i] = true;
                b_m[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_seq = a.iter().zip(&a_m).filter(|(_, m)| **m).map(|(c, _)| c);
    let b_seq = b.iter().zip(&b_m).filter(|(_, m)| **m).map(|(c, _)| c);
    let transpositions = a_seq.zip(b_seq).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

/// A screening hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The listed name that matched.
    pub listed_name: String,
    /// Its source list.
    pub source: String,
    /// Similarity (1.0 = exact after normalisation).
    pub score: f64,
}

/// The denied-party list, prepared for matching.
#[derive(Debug, Clone, Default)]
pub struct Screener {
    names: Vec<(String, usize)>,
    parties: Vec<DeniedParty>,
}

impl Screener {
    /// Prepares a list.
    pub fn new(parties: Vec<DeniedParty>) -> Screener {
        let mut names = Vec::new();
        for (i, p) in parties.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.alt_names) {
                let norm = normalise_name(n);
                if !norm.is_empty() {
                    names.push((norm, i));
                }
            }
        }
        Screener { names, parties }
    }

    /// Number of listed parties.
    pub fn len(&self) -> usize {
        self.parties.len()
    }

    /// True if the list is empty.
    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    /// The best hit for a person: their full name (if given) and the local part of their
    /// e-mail address (`ivan.sidorov@example.com` is screened as `ivan sidorov`), so that a
    /// person registered without a name is screened all the same.
    pub fn screen_person(&self, name: Option<&str>, email: &str) -> Option<Hit> {
        let local = email.rsplit_once('@').map_or(email, |(l, _)| l);
        [name, Some(local)]
            .into_iter()
            .flatten()
            .filter_map(|n| self.screen(n))
            .max_by(|a, b| a.score.total_cmp(&b.score))
    }

    /// The best hit for `name`, if any reaches the threshold.
    pub fn screen(&self, name: &str) -> Option<Hit> {
        let norm = normalise_name(name);
        if norm.is_empty() {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        for (listed, i) in &self.names {
            let score = if *listed == norm {
                1.0
            } else {
                jaro_winkler(listed, &norm)
            };
            if score >= FUZZY_THRESHOLD && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, *i));
            }
        }
        best.map(|(score, i)| Hit {
            listed_name: self.parties[i].name.clone(),
            source: self.parties[i].source.clone(),
            score,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_newlines() {
        let r = parse_csv("a,b\n\"x, y\",\"he said \"\"hi\"\"\nthere\"\n").unwrap();
        assert_eq!(r[1], vec!["x, y", "he said \"hi\"\nthere"]);
    }

    #[test]
    fn fuzzy_matching() {
        let csv = "source,name,alt_names,addresses,country\nEL,Northwind Trading Co.,NW Trade Ltd; Nordwind Handel,\"1 St, City\",XX\n";
        let s = Screener::new(parse_csl(csv).unwrap());
        assert_eq!(s.screen("NORTHWIND TRADING").unwrap().score, 1.0);
        assert!(s.screen("Northwind Tradng Company").is_some());
        assert!(s.screen("Nordwind Händel GmbH").is_some());
        assert!(s.screen("Acme Widgets").is_none());
    }

    #[test]
    fn invisible_characters_and_look_alikes_do_not_evade() {
        let csv =
            "source,name,alt_names\nEL,Northwind Trading Company,\nSDN,Ivan Petrovich Sidorov,\n";
        let s = Screener::new(parse_csl(csv).unwrap());
        for evasive in [
            "North\u{200b}wind Trading Company",
            "Nor\u{200d}thwind Trad\u{00ad}ing Company",
            "N\u{043e}rthw\u{0456}nd Tr\u{0430}ding Company",
            "\u{039d}\u{03bf}rthwind Trading Company",
            "N0rthwind Trading C\u{043e}mpany",
            "Northwind Tráding Cömpany",
            "ＮＯＲＴＨＷＩＮＤ trading",
        ] {
            let hit = s.screen(evasive);
            assert!(hit.is_some(), "{evasive:?} evaded screening");
        }
        for any_case in [
            "IVAN PETROVICH SIDOROV",
            "ivan petrovich sidorov",
            "Sidorov, Ivan Petrovich",
        ] {
            assert!(s.screen(any_case).is_some(), "{any_case:?}");
        }
        assert_eq!(s.screen("ivan petrovich sidorov").unwrap().score, 1.0);
        let hit = s.screen("Iv\u{200b}an Petrovich Sidorov").unwrap();
        assert_eq!(hit.listed_name, "Ivan Petrovich Sidorov");
        assert_eq!(hit.score, 1.0, "exact after folding");
        // Unrelated names stay clear.
        for clean in ["Acme Widgets", "Nordic Timber", "Ivana Trading"] {
            assert!(s.screen(clean).is_none(), "{clean:?}");
        }
        // A person without a name is screened on the address.
        assert!(
            s.screen_person(None, "ivan.petrovich.sidorov@x.test")
                .is_some()
        );
        assert!(s.screen_person(None, "alice@x.test").is_none());
        assert!(
            s.screen_person(Some("Alice Example"), "ivan_petrovich_sidorov@x.test")
                .is_some()
        );
        assert!(is_invisible_format('\u{200b}') && is_invisible_format('\u{202e}'));
        assert!(is_invisible_format('\u{2028}') && is_invisible_format('\u{feff}'));
        assert!(!is_invisible_format('a') && !is_invisible_format(' '));
    }
}
