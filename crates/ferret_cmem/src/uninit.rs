//! Reads of memory that nothing was stored in: a local declared without an initialiser holds an
//! indeterminate value until it is assigned. A scalar or pointer local starts as
//! [`Val::Uninit`]; an array, or a C struct, gets the marker `x[*]`, which stands for every part
//! of `x` without a key of its own, so `s.a = 1; use(s.b)` is a read of `s.b` that was never
//! written. Anything that may write the object without the analysis seeing what (its address
//! taken, the array decaying to a pointer, a call given it, a write at an unknown index) forgets
//! what is known of it, and joins keep the fact only when every path agrees, so a report means
//! "uninitialised on every path that reaches here".

use tree_sitter::Node;

use crate::eval::Ctx;
use crate::syntax::{is_within, object_key, operator, strip, text};
use crate::types::{BaseKind, VarInfo};
use crate::value::{AllocId, State, Val};
use crate::{Check, span_of};

/// The block id standing for the contents of the local array `name`.
pub(crate) fn block_id(name: &str) -> AllocId {
    let h = name
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(131).wrapping_add(b as usize));
    (usize::MAX - 1, h)
}

/// The variable at the root of an object key (`s` of `s.a[2]`).
pub(crate) fn root(key: &str) -> &str {
    let end = key.find(['.', '[', '-']).unwrap_or(key.len());
    &key[..end]
}

/// The library functions that read through their arguments, and which ones.
fn reads_args(name: &str) -> &'static [usize] {
    match name {
        "memcpy" | "memmove" | "strcpy" | "strncpy" | "wcscpy" | "wcsncpy" | "wmemcpy" => &[1],
        "strcat" | "strncat" | "wcscat" | "strcmp" | "strncmp" | "memcmp" | "strcasecmp"
        | "strncasecmp" | "strstr" => &[0, 1],
        "strlen" | "strnlen" | "wcslen" | "atoi" | "atol" | "atof" | "strtol" | "strtoul"
        | "puts" | "strchr" | "strrchr" => &[0],
        "fputs" => &[0],
        _ => &[],
    }
}

/// The marker key of `base`: every part of it without its own key is uninitialised.
pub(crate) fn marker(base: &str) -> String {
    format!("{base}[*]")
}

/// The proper prefixes of `key` that name objects containing it without a pointer in between
/// (`s.a[2]` has `s` and `s.a`; `p->f` has none beyond `p`'s own object).
pub(crate) fn ancestors(key: &str) -> Vec<&str> {
    let end = key.find("->").unwrap_or(key.len());
    let head = &key[..end];
    let mut out = Vec::new();
    for (i, c) in head.char_indices() {
        if i > 0 && (c == '.' || c == '[') {
            out.push(&head[..i]);
        }
    }
    if end < key.len() {
        out.push(head);
    }
    out
}

impl Ctx<'_> {
    /// A declaration of `name` without an initialiser: what it leaves uninitialised.
    pub(crate) fn declared_uninit(&self, st: &mut State, name: &str, info: &VarInfo, d: Node<'_>) {
        // A function the parser could not read whole (a C++ header read as C, say) may declare
        // what it never does.
        if !self.uninit_ok
            || !info.local
            || !matches!(
                d.kind(),
                "identifier" | "pointer_declarator" | "array_declarator"
            )
        {
            return;
        }
        // A struct of a type defined here (not a union, whose members share storage); in C++ a
        // class may have a constructor.
        let record = info.base == BaseKind::Record
            && !self.unit.cpp
            && self.record_of(info).is_some_and(|r| !r.union);
        if info.is_array() {
            if info.base == BaseKind::Scalar || info.pointers > 0 || record {
                st.vars.insert(marker(name), Val::Uninit);
                st.uninit_blocks.insert(block_id(name));
            }
        } else if info.pointers > 0 || info.base == BaseKind::Scalar {
            st.vars.insert(name.to_string(), Val::Uninit);
        } else if record {
            st.vars.insert(marker(name), Val::Uninit);
        }
    }

    /// The record type of a variable or field, when it is defined in the unit.
    fn record_of(&self, info: &VarInfo) -> Option<&crate::records::Record> {
        if info.pointers > 0 {
            return None;
        }
        self.unit.records.get(info.type_name.as_deref()?)
    }

    /// Whether the field named by `key` (`s.f`, `s.in.f`) is an array: `None` when its type is
    /// not known.
    pub(crate) fn field_is_array(&self, key: &str) -> Option<bool> {
        if key.contains("->") || key.contains('[') {
            return None;
        }
        let mut parts = key.split('.');
        let mut info = self.info(parts.next()?)?.clone();
        let mut any = false;
        for f in parts {
            let rec = self.record_of(&info)?;
            info = rec.fields.get(f)?.clone();
            any = true;
        }
        if !any {
            return None;
        }
        // A field of a type that is neither a scalar, a pointer nor a struct defined here may be
        // a typedef of an array (`typedef int32_t fe[10]`): its name may be an address.
        if !info.is_array()
            && info.pointers == 0
            && info.base != BaseKind::Scalar
            && self.record_of(&info).is_none()
        {
            return None;
        }
        Some(info.is_array())
    }

    /// Reads the object `key` (the expression `at`): reports it if it was never written.
    pub(crate) fn read_key(&mut self, st: &mut State, key: &str, at: Node<'_>) -> Val {
        match st.vars.get(key) {
            Some(Val::Uninit) => {
                self.report_uninit(at);
                // Reported once: the value read is unknown from here on.
                st.vars.remove(key);
                Val::Unknown
            }
            Some(v) => v.clone(),
            None => {
                if self.under_marker(st, key) || self.array_unwritten(st, key) {
                    self.report_uninit(at);
                }
                Val::Unknown
            }
        }
    }

    /// Whether `key` is an element of a local array nothing was written into by any route.
    fn array_unwritten(&self, st: &State, key: &str) -> bool {
        let r = root(key);
        key.len() > r.len()
            && key[r.len()..].starts_with('[')
            && self.info(r).is_some_and(|i| i.local && i.is_array())
            && st.uninit_blocks.contains(&block_id(r))
    }

    /// Whether the memory the pointer `p` points into was never written.
    fn contents_uninit(&self, st: &State, p: &Val) -> bool {
        match p {
            Val::Heap { alloc, .. } => st.allocs.get(alloc).is_some_and(|a| a.uninit),
            Val::NotHeap { block: Some(b), .. } => st.uninit_blocks.contains(b),
            _ => false,
        }
    }

    /// A read of the memory the pointer `p` points into (the expression `at`).
    pub(crate) fn read_through(&mut self, st: &mut State, p: &Val, at: Node<'_>) {
        if self.contents_uninit(st, p) {
            self.report_uninit(at);
        }
    }

    /// The memory `p` points into may have been written.
    pub(crate) fn contents_written(&self, st: &mut State, p: &Val) {
        match p {
            Val::Heap { alloc, .. } => {
                if let Some(a) = st.allocs.get_mut(alloc) {
                    a.uninit = false;
                }
            }
            Val::NotHeap { block: Some(b), .. } => {
                st.uninit_blocks.remove(b);
            }
            _ => {}
        }
    }

    /// A library function reading through its arguments: reports those that point to memory
    /// never written.
    pub(crate) fn uninit_sources(
        &mut self,
        name: &str,
        args: &[Node<'_>],
        vals: &[Val],
        st: &State,
    ) {
        for &i in reads_args(name) {
            if let (Some(a), Some(v)) = (args.get(i), vals.get(i))
                && self.contents_uninit(st, v)
            {
                self.report_uninit(*a);
            }
        }
    }

    /// Whether `key` has no value of its own and lies in an object whose unkeyed parts are
    /// uninitialised. An element at an unknown index counts only while no element was written.
    fn under_marker(&self, st: &State, key: &str) -> bool {
        let unknown_index = key.contains("[?]");
        ancestors(key).into_iter().any(|a| {
            st.vars.get(&marker(a)) == Some(&Val::Uninit)
                && (!unknown_index || !st.vars.keys().any(|k| is_within(k, a) && *k != marker(a)))
        })
    }

    fn report_uninit(&mut self, at: Node<'_>) {
        if self.quiet_uninit {
            return;
        }
        let name = text(at, self.src())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.emit_at(
            Check::UninitializedRead,
            span_of(at),
            format!("`{name}` is read before any value was stored in it, on every path from its declaration"),
            Vec::new(),
        );
    }

    /// Forgets that `key`, anything in it, or the objects containing it are uninitialised (it
    /// may be written where the analysis cannot see).
    pub(crate) fn forget_uninit(&self, st: &mut State, key: &str) {
        let mut victims: Vec<String> = st
            .vars
            .iter()
            .filter(|(k, v)| **v == Val::Uninit && is_within(k, key))
            .map(|(k, _)| k.clone())
            .collect();
        victims.extend(ancestors(key).into_iter().map(marker));
        for k in victims {
            if st.vars.get(&k) == Some(&Val::Uninit) {
                st.vars.remove(&k);
            }
        }
    }

    /// Forgets the uninitialised parts of whatever object the expression `e` names or whose
    /// address it is (`x`, `&x`, `s.f`, `&a[i]`, `a + 1`).
    pub(crate) fn forget_expr(&self, st: &mut State, e: Node<'_>) {
        let src = self.src();
        let mut e = strip(e);
        for _ in 0..8 {
            match e.kind() {
                // `c ? buf : out`: either may be the address given.
                "conditional_expression" => {
                    for f in ["consequence", "alternative"] {
                        if let Some(x) = e.child_by_field_name(f) {
                            self.forget_expr(st, x);
                        }
                    }
                    return;
                }
                "pointer_expression" if operator(e, src) == "&" => {
                    match e.child_by_field_name("argument") {
                        Some(a) => e = strip(a),
                        None => return,
                    }
                }
                "binary_expression" if matches!(operator(e, src), "+" | "-") => {
                    match e.child_by_field_name("left") {
                        Some(a) => e = strip(a),
                        None => return,
                    }
                }
                _ => break,
            }
        }
        if let Some(k) = object_key(e, src) {
            // An element at an unknown index may be any element: the whole array.
            let k = match k.find("[?]") {
                Some(i) => k[..i].to_string(),
                None => k,
            };
            self.forget_uninit(st, &k);
        }
    }

    /// Unknown code given `e` may fill the local arrays it may be (`c ? buf : out` is either).
    pub(crate) fn given_to_unknown(&self, st: &mut State, e: Node<'_>) {
        let e = strip(e);
        match e.kind() {
            "conditional_expression" => {
                for f in ["consequence", "alternative"] {
                    if let Some(x) = e.child_by_field_name(f) {
                        self.given_to_unknown(st, x);
                    }
                }
            }
            "identifier" => {
                let name = text(e, self.src());
                if self.info(name).is_some_and(|i| i.is_array()) {
                    st.uninit_blocks.remove(&block_id(name));
                }
            }
            _ => {}
        }
    }

    /// After a write to `key`: a write at an unknown index may be to any element, and a write
    /// whose value is unknown must still hide the marker of the object that contains it.
    pub(crate) fn written(&self, st: &mut State, key: &str) {
        st.uninit_blocks.remove(&block_id(root(key)));
        if let Some(i) = key.find("[?]") {
            let base = key[..i].to_string();
            self.forget_uninit(st, &base);
            return;
        }
        if !st.vars.contains_key(key)
            && ancestors(key)
                .into_iter()
                .any(|a| st.vars.get(&marker(a)) == Some(&Val::Uninit))
        {
            st.vars.insert(key.to_string(), Val::Unknown);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ancestors;

    #[test]
    fn ancestors_stop_at_a_pointer() {
        assert_eq!(ancestors("s.a[2]"), vec!["s", "s.a"]);
        assert_eq!(ancestors("p->f"), vec!["p"]);
        assert_eq!(ancestors("x"), Vec::<&str>::new());
    }
}
