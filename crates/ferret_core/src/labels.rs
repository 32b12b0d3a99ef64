//! Taint labels: the kinds of taint one taint rule tells apart (`label:` on sources and
//! propagators), and the conditions on them (`requires:` on sources, propagators and sinks), a
//! boolean formula over label names with `and`, `or`, `not` and parentheses.
//!
//! A rule's labels are numbered from 0 ([`DEFAULT_LABEL`], the label of a source that names
//! none); a value's taint carries a set of them as bits of a `u64`. A formula is kept in
//! disjunctive normal form ([`LabelReq`]), so checking it against a set is a few mask tests.

/// The label of a source that gives none; a sink without `requires` requires it.
pub const DEFAULT_LABEL: &str = "__SOURCE__";

/// Most labels one rule may use.
pub const MAX_LABELS: usize = 64;

/// Most conjunctions a formula may expand to.
const MAX_TERMS: usize = 256;

/// A `requires` formula in disjunctive normal form: it holds for a label set `s` if for some
/// term, `s` has every label of `must` and none of `must_not`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct LabelReq {
    terms: Vec<(u64, u64)>,
}

impl LabelReq {
    /// The formula that holds for sets holding `label`.
    pub fn has(label: u8) -> LabelReq {
        LabelReq {
            terms: vec![(1u64 << label, 0)],
        }
    }

    /// Whether the formula holds for `labels`.
    pub fn holds(&self, labels: u64) -> bool {
        self.terms
            .iter()
            .any(|&(must, not)| labels & must == must && labels & not == 0)
    }

    /// Parses `text`, numbering each label name with `intern` (which fails when a rule has too
    /// many labels).
    pub fn parse(
        text: &str,
        intern: &mut dyn FnMut(&str) -> Result<u8, String>,
    ) -> Result<LabelReq, String> {
        let tokens = tokenize(text)?;
        let mut p = Parser {
            tokens,
            at: 0,
            intern,
        };
        let terms = p.or()?;
        if p.at != p.tokens.len() {
            return Err(format!("unexpected {:?} in {text:?}", p.tokens[p.at]));
        }
        Ok(LabelReq { terms })
    }
}

/// What a propagator does with labels: `requires` (an index into the rule's table of
/// formulas), and `label` with `replace-labels` (as a mask; all labels without it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PropLabels {
    /// The label the propagated taint gets.
    pub label: Option<u8>,
    /// The formula the taint of `from` must satisfy, by index.
    pub requires: Option<u16>,
    /// The labels `label` replaces (`None`: all).
    pub replace: Option<u64>,
}

impl PropLabels {
    /// The labels that reach `to` when `from` carries `labels`.
    pub fn apply(&self, labels: u64) -> u64 {
        match self.label {
            None => labels,
            Some(l) => (labels & !self.replace.unwrap_or(u64::MAX)) | (1u64 << l),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(if c == '(' { Tok::Open } else { Tok::Close });
        } else if c.is_alphanumeric() || c == '_' {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(match &text[i..end] {
                "and" => Tok::And,
                "or" => Tok::Or,
                "not" => Tok::Not,
                name => Tok::Name(name.to_string()),
            });
        } else {
            return Err(format!("unexpected {c:?} in the label formula {text:?}"));
        }
    }
    Ok(out)
}

type Terms = Vec<(u64, u64)>;

struct Parser<'a> {
    tokens: Vec<Tok>,
    at: usize,
    intern: &'a mut dyn FnMut(&str) -> Result<u8, String>,
}

fn too_big() -> String {
    format!("the label formula expands to more than {MAX_TERMS} terms")
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Terms, String> {
        let mut terms = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            terms.extend(self.and()?);
            if terms.len() > MAX_TERMS {
                return Err(too_big());
            }
        }
        Ok(terms)
    }

    fn and(&mut self) -> Result<Terms, String> {
        let mut terms = self.not()?;
        while self.peek() == Some(&Tok::And) {
            self.at += 1;
            let right = self.not()?;
            let mut out = Vec::new();
            for &(m1, n1) in &terms {
                for &(m2, n2) in &right {
                    let (m, n) = (m1 | m2, n1 | n2);
                    if m & n == 0 {
                        out.push((m, n));
                    }
                }
            }
            if out.len() > MAX_TERMS {
                return Err(too_big());
            }
            terms = out;
        }
        Ok(terms)
    }

    fn not(&mut self) -> Result<Terms, String> {
        if self.peek() == Some(&Tok::Not) {
            self.at += 1;
            let inner = self.not()?;
            return negate(&inner);
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Terms, String> {
        match self.tokens.get(self.at).cloned() {
            Some(Tok::Open) => {
                self.at += 1;
                let t = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err("a '(' is not closed in the label formula".into());
                }
                self.at += 1;
                Ok(t)
            }
            Some(Tok::Name(n)) => {
                self.at += 1;
                let bit = (self.intern)(&n)?;
                Ok(vec![(1u64 << bit, 0)])
            }
            Some(t) => Err(format!("expected a label, found {t:?}")),
            None => Err("the label formula ends too early".into()),
        }
    }
}

/// `not (t1 or t2 ...)` = `not t1 and not t2 ...`, each `not (a and not b)` = `not a or b`.
fn negate(terms: &Terms) -> Result<Terms, String> {
    let mut out: Terms = vec![(0, 0)];
    for &(must, not) in terms {
        let mut alternatives = Vec::new();
        for b in 0..64 {
            if must & (1 << b) != 0 {
                alternatives.push((0, 1u64 << b));
            }
            if not & (1 << b) != 0 {
                alternatives.push((1u64 << b, 0));
            }
        }
        let mut next = Vec::new();
        for &(m1, n1) in &out {
            for &(m2, n2) in &alternatives {
                let (m, n) = (m1 | m2, n1 | n2);
                if m & n == 0 {
                    next.push((m, n));
                }
            }
        }
        if next.len() > MAX_TERMS {
            return Err(too_big());
        }
        out = next;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (LabelReq, Vec<String>) {
        let mut names: Vec<String> = vec![DEFAULT_LABEL.into()];
        let mut intern = |n: &str| -> Result<u8, String> {
            if let Some(i) = names.iter().position(|x| x == n) {
                return Ok(i as u8);
            }
            names.push(n.to_string());
            Ok((names.len() - 1) as u8)
        };
        let r = LabelReq::parse(text, &mut intern).unwrap();
        (r, names)
    }

    #[test]
    fn formulas_hold_as_boolean_logic_over_the_set() {
        let (r, _) = parse("A and not B");
        assert!(r.holds(0b010));
        assert!(!r.holds(0b110));
        assert!(!r.holds(0b000));
        let (r, _) = parse("A or B");
        assert!(r.holds(0b010) && r.holds(0b100) && !r.holds(0b001));
        let (r, _) = parse("not (A or B) and __SOURCE__");
        assert!(r.holds(0b001) && !r.holds(0b011));
        let (r, _) = parse("INPUT or not INPUT");
        assert!(r.holds(0) && r.holds(0b10));
        let (r, _) = parse("(A and B) or (not A and C)");
        assert!(r.holds(0b0110) && r.holds(0b1000) && !r.holds(0b1010));
    }

    #[test]
    fn bad_formulas_are_refused_with_a_reason() {
        let mut intern = |_: &str| Ok(1u8);
        for bad in ["A and", "(A", "A B", "A & B", ""] {
            assert!(LabelReq::parse(bad, &mut intern).is_err(), "{bad}");
        }
    }
}
