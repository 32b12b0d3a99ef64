//! What lowering learns about receivers, for call resolution: the declared types of
//! parameters, locals and fields, classes constructed by assignments (`x = C()`,
//! `x = new C()`), and the [`Recv`] of each call's receiver.

use ferret_lang::Language;
use tree_sitter::Node;

use super::super::literals::path_text;
use super::super::{ExprId, ExprKind, Recv};
use super::Lower;

/// The class a written type names, qualifier kept (`store.Store`, `List`): the type's text
/// without reference, pointer and nullability marks, type arguments and array brackets;
/// `None` when it does not start with a name.
pub(crate) fn type_name(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_start_matches([':', '&', '*', '?', '[', ']', ' ', '\n', '"', '\''])
        .trim_start_matches("mut ")
        .trim_start_matches("const ")
        .trim_start_matches("final ")
        .trim_start_matches("struct ")
        .trim_start_matches("class ")
        .trim_start_matches(['&', '*', ' ']);
    let end = t
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '\\' | '$')))
        .unwrap_or(t.len());
    let name = t[..end]
        .trim_matches(['.', ':', '\\'])
        .replace("::", ".")
        .replace('\\', ".");
    name.starts_with(|c: char| c.is_alphabetic() || c == '_')
        .then_some(name)
}

/// Languages where a bare call `m()` or a bare name `f` inside a method may mean `this.m()`
/// or `this.f`.
pub(crate) fn implicit_this(lang: Language) -> bool {
    matches!(
        lang,
        Language::Java | Language::CSharp | Language::Kotlin | Language::Cpp | Language::Ruby
    )
}

fn capitalised(s: &str) -> bool {
    s.trim_start_matches(['$', '_'])
        .starts_with(char::is_uppercase)
}

impl<'a> Lower<'a> {
    /// The type a declaration writes: its own `type` field or a named child of a type kind,
    /// else its parent's (`Foo x = ...` splits into a declaration and its declarator).
    pub(crate) fn declared_type(&self, n: Node<'a>) -> Option<String> {
        let own = |x: Node<'a>| {
            x.child_by_field_name("type").or_else(|| {
                self.named(x)
                    .into_iter()
                    .find(|c| self.flow.types.contains(&c.kind()))
            })
        };
        let t = own(n).or_else(|| {
            n.parent()
                .filter(|p| !self.flow.is_function(p.kind()) && !self.flow.is_class(p.kind()))
                .and_then(own)
        })?;
        type_name(self.text(t))
    }

    /// The class a lowered value constructs: `new C(...)`, `C(...)` (a capitalised callee),
    /// `C.new` and `C::new()`, Go `&T{...}`.
    pub(crate) fn constructed(&self, v: ExprId) -> Option<String> {
        let e = &self.exprs[v.0 as usize];
        match &e.kind {
            ExprKind::Unary { e: inner, .. } => self.constructed(*inner),
            ExprKind::Call { name, recv, .. } => {
                let text = std::str::from_utf8(&self.src[e.span.start..e.span.end]).unwrap_or("");
                if text.trim_start().starts_with("new ") {
                    return Some(name.clone());
                }
                match recv {
                    Recv::None if capitalised(name) => Some(name.clone()),
                    Recv::Static(c) if name == "new" => Some(c.clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The name a lowered value calls (`f` in `x = m.f(a)`): the class it constructs when
    /// the project defines a class of that name (Python's `mod.wrapper(req)`), which the
    /// resolution checks.
    fn call_named(&self, v: ExprId) -> Option<String> {
        match &self.exprs[v.0 as usize].kind {
            ExprKind::Unary { e, .. } => self.call_named(*e),
            ExprKind::Call { name, .. } => Some(name.clone()),
            _ => None,
        }
    }

    /// What an assignment of `value` to `place` teaches about `place`'s class: a constructed
    /// class (exactly that class, even where a supertype is declared), else another typed
    /// local's, else the declared type. A local assigned a value of unknown class falls back
    /// to its declared type, if any.
    pub(crate) fn note_assigned_type(&mut self, place: &str, decl: Option<String>, value: ExprId) {
        let from_value = self.constructed(value).map(Recv::Exact).or_else(|| {
            match &self.exprs[value.0 as usize].kind {
                ExprKind::Path(q) => self.var_types.get(q).cloned(),
                _ => None,
            }
        });
        if let Some(field) = field_of(place) {
            if let Some(Recv::Declared(c) | Recv::Exact(c)) =
                from_value.or(decl.map(Recv::Declared))
            {
                self.field_types.push((field.to_string(), c));
            }
            return;
        }
        if place.contains('.') {
            return;
        }
        if let Some(d) = decl {
            self.declared.insert(place.to_string(), d);
        }
        let known = from_value
            .or_else(|| self.declared.get(place).cloned().map(Recv::Declared))
            .or_else(|| self.call_named(value).map(Recv::Exact));
        match known {
            Some(k) => {
                self.var_types.insert(place.to_string(), k);
            }
            None => {
                self.var_types.remove(place);
            }
        }
    }

    /// The [`Recv`] of a call whose receiver is `r`, lowered to `lowered`.
    pub(crate) fn recv_of(&self, r: Option<Node<'a>>, lowered: Option<ExprId>) -> Recv {
        let (Some(r), Some(lowered)) = (r, lowered) else {
            return Recv::None;
        };
        let rt = self.text(r).trim().trim_start_matches(['(', ' ']).trim();
        if matches!(rt, "this" | "self" | "$this" | "super" | "super()" | "@") {
            return Recv::This;
        }
        if let Some(c) = self
            .constructed(lowered)
            .or_else(|| self.call_named(lowered))
        {
            return Recv::Exact(c);
        }
        let Some(p) = path_text(rt) else {
            return Recv::Unknown;
        };
        if let Some(f) = field_of(&p) {
            return Recv::Field(f.to_string());
        }
        if !p.contains('.') {
            if let Some(t) = self.var_types.get(&p) {
                return t.clone();
            }
            if let Some(f) = p.strip_prefix('@') {
                return Recv::Field(f.to_string());
            }
            if capitalised(&p) {
                return Recv::Static(p);
            }
            if implicit_this(self.lang) && !self.local_names.contains(&p) {
                return Recv::Field(p);
            }
            return Recv::Unknown;
        }
        let last = p.rsplit('.').next().unwrap_or(&p);
        if capitalised(last) {
            Recv::Static(last.to_string())
        } else {
            Recv::Unknown
        }
    }
}

/// `f` in `this.f`, `self.f`, `$this.f`, `@f`.
pub(crate) fn field_of(place: &str) -> Option<&str> {
    let f = place
        .strip_prefix("this.")
        .or_else(|| place.strip_prefix("self."))
        .or_else(|| place.strip_prefix("$this."))
        .or_else(|| place.strip_prefix('@'))?;
    (!f.contains('.') && !f.is_empty()).then_some(f)
}
