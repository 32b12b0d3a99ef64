//! A parser for ECMAScript regular expression syntax into the small tree the ambiguity check
//! reads. Characters become sets of code-point ranges (`i` folds ASCII letters, `s` lets `.`
//! match line terminators); groups only nest; `$` is kept as an assertion that can fail (it ends
//! the match), `^` is an empty match. Constructs whose meaning the check cannot model without
//! guessing (back-references, look-around, word boundaries, Unicode property escapes) make the
//! parse fail, so such a regex is never reported.

/// A set of code points as sorted, disjoint, inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CharSet(pub(crate) Vec<(u32, u32)>);

const MAX_CP: u32 = 0x10FFFF;

impl CharSet {
    fn of(ranges: &[(u32, u32)]) -> CharSet {
        let mut s = CharSet(ranges.to_vec());
        s.normalize();
        s
    }

    fn single(c: u32) -> CharSet {
        CharSet(vec![(c, c)])
    }

    fn normalize(&mut self) {
        self.0.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(self.0.len());
        for &(a, b) in &self.0 {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        self.0 = out;
    }

    pub(crate) fn union(&mut self, other: &CharSet) {
        self.0.extend_from_slice(&other.0);
        self.normalize();
    }

    pub(crate) fn negate(&self) -> CharSet {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(a, b) in &self.0 {
            if a > next {
                out.push((next, a - 1));
            }
            next = b.saturating_add(1);
        }
        if next <= MAX_CP {
            out.push((next, MAX_CP));
        }
        CharSet(out)
    }

    /// Whether some code point is in both sets.
    pub(crate) fn intersects(&self, other: &CharSet) -> bool {
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < other.0.len() {
            let (a, b) = self.0[i];
            let (c, d) = other.0[j];
            if a <= d && c <= b {
                return true;
            }
            if b < d {
                i += 1;
            } else {
                j += 1;
            }
        }
        false
    }

    /// Whether the set holds `c`.
    pub(crate) fn contains(&self, c: u32) -> bool {
        self.0.iter().any(|&(a, b)| a <= c && c <= b)
    }

    /// The code points of `self` that are not in `other`.
    pub(crate) fn minus(&self, other: &CharSet) -> CharSet {
        let not = other.negate();
        let mut out = Vec::new();
        for &(a, b) in &self.0 {
            for &(c, d) in &not.0 {
                let (s, e) = (a.max(c), b.min(d));
                if s <= e {
                    out.push((s, e));
                }
            }
        }
        CharSet::of(&out)
    }

    /// The smallest code point of the set.
    pub(crate) fn first(&self) -> Option<u32> {
        self.0.first().map(|r| r.0)
    }

    /// Adds the other case of every ASCII letter in the set.
    fn fold_ascii(&mut self) {
        let mut extra = Vec::new();
        for &(a, b) in &self.0 {
            for (lo, hi, delta) in [(0x41u32, 0x5Au32, 32i64), (0x61, 0x7A, -32)] {
                let (s, e) = (a.max(lo), b.min(hi));
                if s <= e {
                    extra.push(((s as i64 + delta) as u32, (e as i64 + delta) as u32));
                }
            }
        }
        self.0.extend(extra);
        self.normalize();
    }
}

fn digit() -> CharSet {
    CharSet::of(&[(0x30, 0x39)])
}

fn word() -> CharSet {
    CharSet::of(&[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
}

fn space() -> CharSet {
    CharSet::of(&[
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

fn line_terminators() -> CharSet {
    CharSet::of(&[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
}

/// A parsed regular expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Regex {
    /// Matches the empty string (also `^`).
    Empty,
    /// One character of the set; `at` is its byte offset in the pattern.
    Char {
        set: CharSet,
        at: usize,
    },
    /// `$`: ends the match; nothing can be consumed after it.
    End {
        at: usize,
    },
    Concat(Vec<Regex>),
    Alt(Vec<Regex>),
    /// `body{min,max}`; `span` is the byte range of the repetition in the pattern.
    Repeat {
        body: Box<Regex>,
        min: u32,
        max: Option<u32>,
        span: (usize, usize),
    },
}

/// Why a pattern is not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unsupported {
    /// The pattern is not valid, or uses syntax the check does not model.
    Syntax,
}

/// The flags that change how characters match.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flags {
    pub(crate) ignore_case: bool,
    pub(crate) dot_all: bool,
}

impl Flags {
    /// Reads ECMAScript flags (`gimsuyd`); unknown letters are ignored.
    pub(crate) fn parse(s: &str) -> Flags {
        Flags {
            ignore_case: s.contains('i'),
            dot_all: s.contains('s'),
        }
    }
}

/// Parses `pattern` (the text between the slashes).
pub(crate) fn parse(pattern: &str, flags: Flags) -> Result<Regex, Unsupported> {
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let mut p = Parser {
        chars,
        pos: 0,
        flags,
        depth: 0,
        end: pattern.len(),
    };
    let r = p.alternation()?;
    if p.pos != p.chars.len() {
        return Err(Unsupported::Syntax);
    }
    Ok(r)
}

struct Parser {
    chars: Vec<(usize, char)>,
    pos: usize,
    flags: Flags,
    depth: usize,
    end: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|c| c.1)
    }

    fn offset(&self) -> usize {
        self.chars.get(self.pos).map_or(self.end, |c| c.0)
    }

    fn next(&mut self) -> Result<char, Unsupported> {
        let c = self.peek().ok_or(Unsupported::Syntax)?;
        self.pos += 1;
        Ok(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Regex, Unsupported> {
        let mut alts = vec![self.concat()?];
        while self.eat('|') {
            alts.push(self.concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Regex::Empty)
        } else {
            Regex::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Regex, Unsupported> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let start = self.offset();
            let atom = self.atom()?;
            items.push(self.quantified(atom, start)?);
        }
        Ok(match items.len() {
            0 => Regex::Empty,
            1 => items.pop().unwrap_or(Regex::Empty),
            _ => Regex::Concat(items),
        })
    }

    fn quantified(&mut self, atom: Regex, start: usize) -> Result<Regex, Unsupported> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces() {
                Some(b) => b,
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        // The quantifier's last character (`*`, `+`, `?` or the closing brace), then laziness.
        self.pos += 1;
        self.eat('?');
        if matches!(atom, Regex::End { .. }) {
            return Ok(atom);
        }
        Ok(Regex::Repeat {
            body: Box::new(atom),
            min,
            max,
            span: (start, self.offset()),
        })
    }

    /// `{n}`, `{n,}`, `{n,m}` at the cursor: the bounds, with the cursor on the closing brace.
    /// Anything else leaves the cursor and is a literal `{` (Annex B).
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let save = self.pos;
        self.pos += 1;
        let min = self.number();
        let res = match (min, self.peek()) {
            (Some(n), Some('}')) => Some((n, Some(n))),
            (Some(n), Some(',')) => {
                self.pos += 1;
                let max = self.number();
                (self.peek() == Some('}')).then_some((n, max))
            }
            _ => None,
        };
        if res.is_none() {
            self.pos = save;
        }
        res
    }

    fn number(&mut self) -> Option<u32> {
        let mut n: Option<u32> = None;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
            self.pos += 1;
        }
        n
    }

    fn atom(&mut self) -> Result<Regex, Unsupported> {
        let at = self.offset();
        let c = self.next()?;
        let set = match c {
            '(' => return self.group(),
            '^' => return Ok(Regex::Empty),
            '$' => return Ok(Regex::End { at }),
            '.' => {
                if self.flags.dot_all {
                    CharSet(vec![(0, MAX_CP)])
                } else {
                    line_terminators().negate()
                }
            }
            '[' => self.class()?,
            '\\' => self.escape(false)?,
            '*' | '+' | '?' => return Err(Unsupported::Syntax),
            other => CharSet::single(other as u32),
        };
        Ok(self.char(set, at))
    }

    fn char(&self, mut set: CharSet, at: usize) -> Regex {
        if self.flags.ignore_case {
            set.fold_ascii();
        }
        Regex::Char { set, at }
    }

    fn group(&mut self) -> Result<Regex, Unsupported> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported::Syntax);
        }
        if self.eat('?') {
            match self.next()? {
                ':' => {}
                '<' if !matches!(self.peek(), Some('=') | Some('!')) => {
                    while self.next()? != '>' {}
                }
                // Look-ahead and look-behind constrain what follows: not modelled.
                _ => return Err(Unsupported::Syntax),
            }
        }
        let inner = self.alternation()?;
        if !self.eat(')') {
            return Err(Unsupported::Syntax);
        }
        self.depth -= 1;
        Ok(inner)
    }

    fn class(&mut self) -> Result<CharSet, Unsupported> {
        let negated = self.eat('^');
        let mut set = CharSet::default();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            if c == ']' {
                // `[]` matches nothing, `[^]` everything.
                break;
            }
            first = false;
            let lo = if c == '\\' {
                self.escape(true)?
            } else {
                CharSet::single(c as u32)
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| c.1 != ']')
            {
                self.pos += 1;
                let c2 = self.next()?;
                let hi = if c2 == '\\' {
                    self.escape(true)?
                } else {
                    CharSet::single(c2 as u32)
                };
                match (lo.0.as_slice(), hi.0.as_slice()) {
                    ([(a, a2)], [(b, b2)]) if a == a2 && b == b2 && a <= b => {
                        set.union(&CharSet(vec![(*a, *b)]));
                    }
                    _ => {
                        set.union(&lo);
                        set.union(&hi);
                        set.union(&CharSet::single('-' as u32));
                    }
                }
            } else {
                set.union(&lo);
            }
        }
        Ok(if negated { set.negate() } else { set })
    }

    /// After a backslash: the set the escape stands for.
    fn escape(&mut self, in_class: bool) -> Result<CharSet, Unsupported> {
        let c = self.next()?;
        Ok(match c {
            'd' => digit(),
            'D' => digit().negate(),
            'w' => word(),
            'W' => word().negate(),
            's' => space(),
            'S' => space().negate(),
            't' => CharSet::single(9),
            'n' => CharSet::single(10),
            'v' => CharSet::single(11),
            'f' => CharSet::single(12),
            'r' => CharSet::single(13),
            '0' => CharSet::single(0),
            'b' if in_class => CharSet::single(8),
            // Word boundaries, back-references and property escapes are not modelled.
            'b' | 'B' | '1'..='9' | 'k' | 'p' | 'P' => return Err(Unsupported::Syntax),
            'x' => CharSet::single(self.hex(2)?),
            'u' => {
                if self.eat('{') {
                    let mut v = 0u32;
                    while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                        v = v.saturating_mul(16).saturating_add(d);
                        self.pos += 1;
                    }
                    if !self.eat('}') {
                        return Err(Unsupported::Syntax);
                    }
                    CharSet::single(v.min(MAX_CP))
                } else {
                    CharSet::single(self.hex(4)?)
                }
            }
            'c' => CharSet::single(self.next()? as u32 % 32),
            other => CharSet::single(other as u32),
        })
    }

    fn hex(&mut self, n: usize) -> Result<u32, Unsupported> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self.next()?.to_digit(16).ok_or(Unsupported::Syntax)?;
            v = v * 16 + d;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Regex, Unsupported> {
        parse(s, Flags::default())
    }

    #[test]
    fn parses_classes_escapes_and_quantifiers() {
        assert!(p(r"^[a-z0-9_\-]+(\.[a-z]{2,})*$").is_ok());
        assert!(p(r"\u{1F600}\x41\cJ[\b]").is_ok());
        assert!(matches!(
            p("a{2,3}").unwrap(),
            Regex::Repeat {
                min: 2,
                max: Some(3),
                ..
            }
        ));
        // A brace that is not a quantifier is a literal.
        assert!(matches!(p("a{").unwrap(), Regex::Concat(_)));
        assert!(matches!(p("(?<name>x)").unwrap(), Regex::Char { .. }));
    }

    #[test]
    fn unmodelled_syntax_is_refused() {
        for s in [
            r"(a)\1",
            r"(?=a)b",
            r"(?<!a)b",
            r"\bword\b",
            r"\p{L}",
            "(a",
            "*a",
        ] {
            assert_eq!(p(s), Err(Unsupported::Syntax), "{s}");
        }
    }

    #[test]
    fn sets_negate_fold_and_intersect() {
        let w = word();
        assert!(w.intersects(&CharSet::single('_' as u32)));
        assert!(!w.negate().intersects(&CharSet::single('a' as u32)));
        assert!(w.negate().intersects(&space()));
        let mut a = CharSet::single('a' as u32);
        a.fold_ascii();
        assert!(a.intersects(&CharSet::single('A' as u32)));
        let Regex::Char { set, .. } = p("[^]").unwrap() else {
            panic!("a class")
        };
        assert!(set.intersects(&CharSet::single(0x10FFFF)));
    }
}
