//! `metavariable-comparison`: a small Python-like expression language over metavariables.
//!
//! Supported: integer, float, string and boolean literals, metavariables (`$X`), `+ - * / // %`,
//! `**`, bitwise `& | ^ ~ << >>`, comparisons `< <= > >= == !=`, `in` / `not in` on lists and strings, `and`, `or`, `not`,
//! parentheses, lists, and the functions `int()`, `float()`, `str()`, `len()` and
//! `re.match(PATTERN, S)`.

use std::collections::HashMap;

/// A compiled comparison expression.
#[derive(Debug, Clone)]
pub struct Comparison {
    expr: Expr,
    text: String,
}

/// A comparison that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid comparison `{text}`: {reason}")]
pub struct CompareError {
    /// The expression.
    pub text: String,
    /// What is wrong.
    pub reason: String,
}

#[derive(Debug, Clone)]
enum Expr {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    Mv(String),
    List(Vec<Expr>),
    Call(String, Vec<Expr>),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    List(Vec<Value>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Str(String),
    Ident(String),
    Mv(String),
    Op(&'static str),
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    const OPS: [&str; 26] = [
        "<<", ">>", "<=", ">=", "==", "!=", "//", "**", "<", ">", "+", "-", "*", "/", "%", "(",
        ")", "[", "]", ",", ".", "!", "&", "|", "^", "~",
    ];
    'outer: while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Num(s[start..i].to_string()));
            continue;
        }
        if c == b'"' || c == b'\'' {
            let mut j = i + 1;
            let mut val = String::new();
            while j < b.len() && b[j] != c {
                if b[j] == b'\\' && j + 1 < b.len() {
                    j += 1;
                }
                val.push(b[j] as char);
                j += 1;
            }
            if j >= b.len() {
                return Err("unterminated string".into());
            }
            out.push(Tok::Str(val));
            i = j + 1;
            continue;
        }
        if c == b'$' {
            let start = i + 1;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Mv(s[start..i].to_string()));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(s[start..i].to_string()));
            continue;
        }
        for op in OPS {
            if s[i..].starts_with(op) {
                out.push(Tok::Op(op));
                i += op.len();
                continue 'outer;
            }
        }
        return Err(format!("unexpected character `{}`", c as char));
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(x)) if x == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut l = self.and()?;
        while self.eat_word("or") {
            l = Expr::Binary("or", Box::new(l), Box::new(self.and()?));
        }
        Ok(l)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut l = self.not()?;
        while self.eat_word("and") {
            l = Expr::Binary("and", Box::new(l), Box::new(self.not()?));
        }
        Ok(l)
    }
    fn not(&mut self) -> Result<Expr, String> {
        if self.eat_word("not") || self.eat_op("!") {
            return Ok(Expr::Unary("not", Box::new(self.not()?)));
        }
        self.cmp()
    }
    fn cmp(&mut self) -> Result<Expr, String> {
        let l = self.bits(0)?;
        for op in ["<=", ">=", "==", "!=", "<", ">"] {
            if self.eat_op(op) {
                return Ok(Expr::Binary(op, Box::new(l), Box::new(self.bits(0)?)));
            }
        }
        if self.eat_word("in") {
            return Ok(Expr::Binary("in", Box::new(l), Box::new(self.bits(0)?)));
        }
        if matches!(self.peek(), Some(Tok::Ident(x)) if x == "not")
            && matches!(self.toks.get(self.pos + 1), Some(Tok::Ident(x)) if x == "in")
        {
            self.pos += 2;
            let r = self.bits(0)?;
            return Ok(Expr::Unary(
                "not",
                Box::new(Expr::Binary("in", Box::new(l), Box::new(r))),
            ));
        }
        Ok(l)
    }
    /// The bitwise operators, loosest first as in Python: `|`, `^`, `&`, then shifts.
    fn bits(&mut self, level: usize) -> Result<Expr, String> {
        const LEVELS: [&[&str]; 4] = [&["|"], &["^"], &["&"], &["<<", ">>"]];
        let Some(ops) = LEVELS.get(level) else {
            return self.sum();
        };
        let mut l = self.bits(level + 1)?;
        while let Some(op) = ops.iter().find(|op| self.eat_op(op)) {
            l = Expr::Binary(op, Box::new(l), Box::new(self.bits(level + 1)?));
        }
        Ok(l)
    }
    fn sum(&mut self) -> Result<Expr, String> {
        let mut l = self.prod()?;
        loop {
            if self.eat_op("+") {
                l = Expr::Binary("+", Box::new(l), Box::new(self.prod()?));
            } else if self.eat_op("-") {
                l = Expr::Binary("-", Box::new(l), Box::new(self.prod()?));
            } else {
                return Ok(l);
            }
        }
    }
    fn prod(&mut self) -> Result<Expr, String> {
        let mut l = self.unary()?;
        loop {
            let op = ["//", "*", "/", "%"].into_iter().find(|op| self.eat_op(op));
            match op {
                Some(op) => l = Expr::Binary(op, Box::new(l), Box::new(self.unary()?)),
                None => return Ok(l),
            }
        }
    }
    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat_op("-") {
            return Ok(Expr::Unary("-", Box::new(self.unary()?)));
        }
        if self.eat_op("~") {
            return Ok(Expr::Unary("~", Box::new(self.unary()?)));
        }
        let base = self.primary()?;
        if self.eat_op("**") {
            // Right-associative, and tighter than a unary minus on its left.
            return Ok(Expr::Binary("**", Box::new(base), Box::new(self.unary()?)));
        }
        Ok(base)
    }
    fn primary(&mut self) -> Result<Expr, String> {
        let tok = self.peek().cloned().ok_or("unexpected end of expression")?;
        self.pos += 1;
        match tok {
            Tok::Num(n) => parse_number(&n).ok_or_else(|| format!("bad number `{n}`")),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Mv(m) => Ok(Expr::Mv(m)),
            Tok::Ident(w) if w == "True" || w == "true" => Ok(Expr::Bool(true)),
            Tok::Ident(w) if w == "False" || w == "false" => Ok(Expr::Bool(false)),
            Tok::Ident(mut w) => {
                while self.eat_op(".") {
                    match self.peek().cloned() {
                        Some(Tok::Ident(x)) => {
                            self.pos += 1;
                            w = format!("{w}.{x}");
                        }
                        _ => return Err("expected a name after `.`".into()),
                    }
                }
                if !self.eat_op("(") {
                    return Err(format!("unknown name `{w}`"));
                }
                let mut args = Vec::new();
                if !self.eat_op(")") {
                    loop {
                        args.push(self.or()?);
                        if self.eat_op(")") {
                            break;
                        }
                        if !self.eat_op(",") {
                            return Err("expected `,` or `)`".into());
                        }
                    }
                }
                match (w.as_str(), args.len()) {
                    ("int" | "float" | "str" | "len", 1) | ("re.match", 2) => {
                        Ok(Expr::Call(w, args))
                    }
                    _ => Err(format!(
                        "unsupported function `{w}` with {} argument(s)",
                        args.len()
                    )),
                }
            }
            Tok::Op("(") => {
                let e = self.or()?;
                if !self.eat_op(")") {
                    return Err("expected `)`".into());
                }
                Ok(e)
            }
            Tok::Op("[") => {
                let mut items = Vec::new();
                if !self.eat_op("]") {
                    loop {
                        items.push(self.or()?);
                        if self.eat_op("]") {
                            break;
                        }
                        if !self.eat_op(",") {
                            return Err("expected `,` or `]`".into());
                        }
                    }
                }
                Ok(Expr::List(items))
            }
            Tok::Op(o) => Err(format!("unexpected `{o}`")),
        }
    }
}

fn parse_number(n: &str) -> Option<Expr> {
    let clean: String = n.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let stripped = lower.trim_end_matches(['l', 'u']);
    if let Some(h) = stripped.strip_prefix("0x") {
        return i128::from_str_radix(h, 16).ok().map(Expr::Int);
    }
    if let Some(o) = stripped.strip_prefix("0o") {
        return i128::from_str_radix(o, 8).ok().map(Expr::Int);
    }
    if let Some(bin) = stripped.strip_prefix("0b") {
        return i128::from_str_radix(bin, 2).ok().map(Expr::Int);
    }
    if stripped.len() > 1
        && stripped.starts_with('0')
        && stripped.bytes().all(|b| b.is_ascii_digit())
    {
        // C, Go and Java octal: 0644.
        return i128::from_str_radix(&stripped[1..], 8).ok().map(Expr::Int);
    }
    if let Ok(i) = stripped.parse::<i128>() {
        return Some(Expr::Int(i));
    }
    stripped
        .trim_end_matches(['f', 'd'])
        .parse::<f64>()
        .ok()
        .map(Expr::Float)
}

/// The value of a metavariable's text: a number when it is a numeric literal, a string's
/// content when it is a string literal, else the text.
fn value_of_text(t: &str) -> Value {
    let t = t.trim();
    if let Some(Expr::Int(i)) = parse_number(t) {
        return Value::Int(i);
    }
    if let Some(Expr::Float(f)) = parse_number(t) {
        return Value::Float(f);
    }
    Value::Str(t.to_string())
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(l) => !l.is_empty(),
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as i32 as f64),
        _ => None,
    }
}

fn unquote(s: &str) -> String {
    crate::compile::string_content(s).to_string()
}

impl Comparison {
    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parses a comparison expression.
    pub fn parse(text: &str) -> Result<Comparison, CompareError> {
        let err = |reason: String| CompareError {
            text: text.to_string(),
            reason,
        };
        let toks = lex(text).map_err(err)?;
        let mut p = Parser { toks, pos: 0 };
        let expr = p.or().map_err(err)?;
        if p.pos != p.toks.len() {
            return Err(err("trailing input".into()));
        }
        Ok(Comparison {
            expr,
            text: text.to_string(),
        })
    }

    /// The metavariables the expression reads (without `$`).
    pub fn metavariables(&self) -> Vec<String> {
        fn walk(e: &Expr, out: &mut Vec<String>) {
            match e {
                Expr::Mv(m) => out.push(m.clone()),
                Expr::List(v) | Expr::Call(_, v) => v.iter().for_each(|x| walk(x, out)),
                Expr::Unary(_, x) => walk(x, out),
                Expr::Binary(_, a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, &mut out);
        out
    }

    /// Evaluates with metavariable texts; an unbound metavariable or a type error is false.
    pub fn eval(&self, texts: &HashMap<String, String>) -> bool {
        eval(&self.expr, texts).map(|v| truthy(&v)).unwrap_or(false)
    }
}

fn eval(e: &Expr, env: &HashMap<String, String>) -> Option<Value> {
    Some(match e {
        Expr::Int(i) => Value::Int(*i),
        Expr::Float(f) => Value::Float(*f),
        Expr::Str(s) => Value::Str(s.clone()),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Mv(m) => value_of_text(env.get(m)?),
        Expr::List(items) => Value::List(
            items
                .iter()
                .map(|x| eval(x, env))
                .collect::<Option<Vec<_>>>()?,
        ),
        Expr::Call(f, args) => {
            let a = eval(&args[0], env)?;
            match f.as_str() {
                "int" => match a {
                    Value::Str(s) => match parse_number(&unquote(&s))? {
                        Expr::Int(i) => Value::Int(i),
                        Expr::Float(f) => Value::Int(f as i128),
                        _ => return None,
                    },
                    Value::Float(f) => Value::Int(f as i128),
                    v => v,
                },
                "float" => Value::Float(match a {
                    Value::Str(s) => unquote(&s).parse().ok()?,
                    v => num(&v)?,
                }),
                "str" => Value::Str(match a {
                    Value::Str(s) => unquote(&s),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::List(_) => return None,
                }),
                "len" => Value::Int(match a {
                    Value::Str(s) => unquote(&s).chars().count() as i128,
                    Value::List(l) => l.len() as i128,
                    _ => return None,
                }),
                "re.match" => {
                    let Value::Str(re) = a else { return None };
                    let s = match eval(&args[1], env)? {
                        Value::Str(s) => s,
                        Value::Int(i) => i.to_string(),
                        _ => return None,
                    };
                    let re = regex::Regex::new(&format!("^(?:{re})")).ok()?;
                    Value::Bool(re.is_match(&s))
                }
                _ => return None,
            }
        }
        Expr::Unary(op, x) => {
            let v = eval(x, env)?;
            match *op {
                "not" => Value::Bool(!truthy(&v)),
                "-" => match v {
                    Value::Int(i) => Value::Int(-i),
                    Value::Float(f) => Value::Float(-f),
                    _ => return None,
                },
                "~" => match v {
                    Value::Int(i) => Value::Int(!i),
                    _ => return None,
                },
                _ => return None,
            }
        }
        Expr::Binary(op, a, b) => {
            if *op == "and" {
                let l = eval(a, env)?;
                return if truthy(&l) { eval(b, env) } else { Some(l) };
            }
            if *op == "or" {
                let l = eval(a, env)?;
                return if truthy(&l) { Some(l) } else { eval(b, env) };
            }
            let l = eval(a, env)?;
            let r = eval(b, env)?;
            match *op {
                "==" => Value::Bool(loose_eq(&l, &r)),
                "!=" => Value::Bool(!loose_eq(&l, &r)),
                "<" | "<=" | ">" | ">=" => {
                    let ord = match (num(&l), num(&r)) {
                        (Some(x), Some(y)) => x.partial_cmp(&y)?,
                        _ => match (&l, &r) {
                            (Value::Str(x), Value::Str(y)) => x.cmp(y),
                            _ => return None,
                        },
                    };
                    Value::Bool(match *op {
                        "<" => ord.is_lt(),
                        "<=" => ord.is_le(),
                        ">" => ord.is_gt(),
                        _ => ord.is_ge(),
                    })
                }
                "in" => Value::Bool(match (&l, &r) {
                    (x, Value::List(items)) => items.iter().any(|i| loose_eq(x, i)),
                    (Value::Str(x), Value::Str(y)) => y.contains(x.as_str()),
                    _ => return None,
                }),
                "+" => match (&l, &r) {
                    (Value::Int(x), Value::Int(y)) => Value::Int(x.checked_add(*y)?),
                    (Value::Str(x), Value::Str(y)) => Value::Str(format!("{x}{y}")),
                    _ => Value::Float(num(&l)? + num(&r)?),
                },
                "-" => match (&l, &r) {
                    (Value::Int(x), Value::Int(y)) => Value::Int(x.checked_sub(*y)?),
                    _ => Value::Float(num(&l)? - num(&r)?),
                },
                "*" => match (&l, &r) {
                    (Value::Int(x), Value::Int(y)) => Value::Int(x.checked_mul(*y)?),
                    _ => Value::Float(num(&l)? * num(&r)?),
                },
                "/" => Value::Float(num(&l)? / num(&r)?),
                "&" | "|" | "^" | "<<" | ">>" => {
                    let (Value::Int(x), Value::Int(y)) = (&l, &r) else {
                        return None;
                    };
                    Value::Int(match *op {
                        "&" => x & y,
                        "|" => x | y,
                        "^" => x ^ y,
                        "<<" => x.checked_shl(u32::try_from(*y).ok()?)?,
                        _ => x.checked_shr(u32::try_from(*y).ok()?)?,
                    })
                }
                "**" => match (&l, &r) {
                    (Value::Int(x), Value::Int(y)) if *y >= 0 => {
                        Value::Int(x.checked_pow(u32::try_from(*y).ok()?)?)
                    }
                    _ => Value::Float(num(&l)?.powf(num(&r)?)),
                },
                "//" => match (&l, &r) {
                    (Value::Int(x), Value::Int(y)) if *y != 0 => Value::Int(x.div_euclid(*y)),
                    _ => return None,
                },
                "%" => match (&l, &r) {
                    (Value::Int(x), Value::Int(y)) if *y != 0 => Value::Int(x.rem_euclid(*y)),
                    _ => return None,
                },
                _ => return None,
            }
        }
    })
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y || unquote(x) == *y || *x == unquote(y),
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(expr: &str, pairs: &[(&str, &str)]) -> bool {
        let env = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Comparison::parse(expr).unwrap().eval(&env)
    }

    #[test]
    fn numbers_and_logic() {
        assert!(ev("$X > 1024", &[("X", "2048")]));
        assert!(!ev("$X > 1024", &[("X", "512")]));
        assert!(ev("$X == 0x10", &[("X", "16")]));
        assert!(ev(
            "int($X) < 10 and $Y != 3",
            &[("X", "\"7\""), ("Y", "4")]
        ));
        assert!(ev("not ($X >= 5) or $X == 9", &[("X", "9")]));
        assert!(ev("$X % 2 == 0", &[("X", "1_000")]));
        assert!(ev("$X in [1, 2, 3]", &[("X", "2")]));
        assert!(ev("str($S) == \"abc\"", &[("S", "'abc'")]));
        assert!(ev("len(str($S)) < 4", &[("S", "\"abc\"")]));
        assert!(ev("re.match(\"md5|sha1\", str($H))", &[("H", "\"sha1\"")]));
    }

    #[test]
    fn bitwise_and_power_follow_python_precedence() {
        assert!(ev("$X & 1 == 1", &[("X", "3")]));
        assert!(!ev("$X & 1 == 1", &[("X", "2")]));
        assert!(ev("$X | 1 == 3", &[("X", "2")]));
        assert!(ev("$X ^ 1 == 3", &[("X", "2")]));
        assert!(ev("~ $X == -1", &[("X", "0")]));
        assert!(ev("$X << 2 == 12", &[("X", "3")]));
        assert!(ev("$X ** $Y == 8", &[("X", "2"), ("Y", "3")]));
        // `**` binds tighter than a unary minus on its left, and to the right.
        assert!(ev("-$X ** 2 == -9", &[("X", "3")]));
        assert!(ev("2 ** 3 ** 2 == 512", &[]));
    }

    #[test]
    fn unbound_or_ill_typed_is_false() {
        assert!(!ev("$X > 1", &[]));
        assert!(!ev("$X > 1", &[("X", "foo")]));
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(Comparison::parse("$X >").is_err());
        assert!(Comparison::parse("system($X)").is_err());
        assert!(Comparison::parse("$X > 1 )").is_err());
        assert_eq!(
            Comparison::parse("$A + $B > $C").unwrap().metavariables(),
            vec!["A", "B", "C"]
        );
    }
}
