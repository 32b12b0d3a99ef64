//! Calls in the transfer function: allocators, `free` and `delete`, library functions that read
//! or write through their arguments (with length checks), same-file functions by their summaries,
//! and unknown code, which may keep or change what it is given.

use tree_sitter::Node;

use crate::analysis::Summary;
use crate::eval::{Ctx, line_of};
use crate::macros::{is_lvalue, looks_like_macro};
use crate::syntax::{call_args, callee_name, is_within, object_key, operator, strip, text};
use crate::types::type_node_size;
use crate::value::{Alloc, Interval, Nullness, State, Status, Val};
use crate::{Check, span_of};

/// Allocating functions: name and how the size is computed from the arguments.
const ALLOCATORS: &[&str] = &[
    "malloc",
    "calloc",
    "realloc",
    "strdup",
    "strndup",
    "aligned_alloc",
    "valloc",
    "alloca",
    "_alloca",
    "__builtin_alloca",
    "ALLOCA",
    "g_alloca",
];
/// Functions that read or write through every pointer argument and keep none.
const DEREFS_ARGS: &[&str] = &[
    "strcpy",
    "strncpy",
    "strcat",
    "strncat",
    "memcpy",
    "memmove",
    "memset",
    "memcmp",
    "strcmp",
    "strncmp",
    "strlen",
    "strnlen",
    "strchr",
    "strrchr",
    "strstr",
    "puts",
    "fputs",
    "printf",
    "fprintf",
    "sprintf",
    "snprintf",
    "vsprintf",
    "vsnprintf",
    "sscanf",
    "fgets",
    "fread",
    "fwrite",
    "atoi",
    "atol",
    "atof",
    "strtol",
    "strtoul",
    "bzero",
    "wcscpy",
    "wcslen",
    "wcscat",
    "wcsncpy",
    "wmemcpy",
    "wmemset",
    "strcasecmp",
    "strncasecmp",
];
/// Functions with no effect on the memory they are given (other than reading it).
const PURE: &[&str] = &[
    "sizeof", "assert", "isalpha", "isdigit", "isspace", "toupper", "tolower",
];

impl Ctx<'_> {
    pub(crate) fn new_alloc(
        &self,
        st: &mut State,
        at: Node<'_>,
        size: Option<i64>,
        by: &'static str,
        null: Nullness,
    ) -> Val {
        let id = (at.start_byte(), at.end_byte());
        // The same site ran before (a loop): the earlier block keeps its own record.
        if let Some(old) = st.allocs.remove(&id) {
            let prev = (id.0, usize::MAX - id.1);
            for v in st.vars.values_mut() {
                if let Val::Heap { alloc, .. } = v
                    && *alloc == id
                {
                    *alloc = prev;
                }
            }
            st.allocs.insert(prev, old);
        }
        st.allocs.insert(
            id,
            Alloc {
                status: Status::Live,
                null,
                size,
                escaped: false,
                site: span_of(at),
                by,
                uninit: false,
            },
        );
        Val::Heap {
            alloc: id,
            offset: Interval::exact(0),
        }
    }

    pub(crate) fn new_expr(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Val {
        let src = self.src();
        // Placement new constructs in memory it is given: no allocation, and the result is
        // the address it was given (`new (buffer) T` of a local `buffer` is stack memory).
        if let Some(place) = n.child_by_field_name("placement") {
            let mut w = place.walk();
            let given: Vec<Node<'_>> = place
                .named_children(&mut w)
                .filter(|c| c.kind() != "comment")
                .collect();
            let at = match given.as_slice() {
                [one] => self.eval(st, *one, depth + 1),
                _ => Val::Unknown,
            };
            let mut w = n.walk();
            let kids: Vec<Node<'_>> = n.named_children(&mut w).collect();
            for k in kids.into_iter().filter(|k| k.id() != place.id()) {
                let v = self.eval(st, k, depth + 1);
                self.escape(st, &v);
            }
            self.escape(st, &at);
            return match at {
                Val::NotHeap { .. } => at,
                _ => Val::Unknown,
            };
        }
        let mut count = Some(1);
        let mut initialised = false;
        let mut w = n.walk();
        for c in n.named_children(&mut w) {
            if matches!(c.kind(), "argument_list" | "initializer_list") {
                initialised = true;
            }
            if c.kind() == "new_declarator" {
                count = c
                    .named_child(0)
                    .map(|s| self.eval(st, s, depth + 1))
                    .and_then(|v| match v {
                        Val::Int(i) => i.constant(),
                        _ => None,
                    });
            } else if c.kind() == "argument_list" || c.kind() == "initializer_list" {
                self.eval(st, c, depth + 1);
            }
        }
        let elem = n
            .child_by_field_name("type")
            .and_then(|t| type_node_size(t, src));
        let size = match (count, elem) {
            (Some(c), Some(e)) => c.checked_mul(e),
            _ => None,
        };
        let v = self.new_alloc(st, n, size, "new", Nullness::NonNull);
        // `new int[n]` without `()` or `{}` leaves scalars indeterminate; classes are constructed.
        let scalar = n
            .child_by_field_name("type")
            .is_some_and(|t| matches!(t.kind(), "primitive_type" | "sized_type_specifier"));
        if scalar
            && !initialised
            && let Val::Heap { alloc, .. } = &v
            && let Some(a) = st.allocs.get_mut(alloc)
        {
            a.uninit = true;
        }
        v
    }

    /// `free(v)` at the call `call` of the argument `arg`.
    pub fn free(&mut self, st: &mut State, v: &Val, call: Node<'_>, arg: Node<'_>) {
        let src = self.src();
        let name = text(arg, src)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match v {
            Val::Heap { alloc, offset } => {
                let Some(a) = st.allocs.get(alloc).cloned() else {
                    return;
                };
                if a.null == Nullness::Null {
                    return;
                }
                if let Status::Freed(f) = a.status {
                    let line = line_of(src, f.start);
                    self.emit(
                        Check::DoubleFree,
                        call,
                        format!("`{name}` is freed again: the memory was already freed on line {line} on every path that reaches here"),
                        self.alloc_trace(&a),
                    );
                    return;
                }
                if offset.bounded() && (offset.lo > 0 || offset.hi < 0) {
                    self.emit(
                        Check::FreeOffset,
                        call,
                        format!("`{name}` points {} bytes into the block allocated by {}, not to its start", offset.lo, a.by),
                        self.alloc_trace(&a),
                    );
                } else if offset.lo == 0 && offset.hi > 0 {
                    // Moved forward on some path (`for (; *p; p++)`, `if (c) p++`) and never
                    // moved back: wherever it was moved, the block is freed through an
                    // address the allocator did not return.
                    self.emit(
                        Check::FreeOffset,
                        call,
                        format!("`{name}` was moved forward into the block allocated by {} on some path to here and is freed without being moved back to its start", a.by),
                        self.alloc_trace(&a),
                    );
                }
                if let Some(x) = st.allocs.get_mut(alloc) {
                    x.status = Status::Freed(span_of(call));
                }
                if let Some(k) = object_key(arg, src) {
                    for k2 in st
                        .vars
                        .keys()
                        .filter(|x| **x != k && is_within(x, &k))
                        .cloned()
                        .collect::<Vec<_>>()
                    {
                        st.vars.remove(&k2);
                    }
                }
            }
            Val::NotHeap { what, .. } => self.emit(
                Check::FreeNonHeap,
                call,
                format!("`{name}` is a {what}, not memory from the heap, and must not be freed"),
                Vec::new(),
            ),
            _ => {}
        }
    }

    pub(crate) fn call(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Val {
        let src = self.src();
        let name = callee_name(n, src).unwrap_or("");
        // C++ casts look like calls of a template: `static_cast<char *>(p)` is `p`.
        if let Some(f) = n.child_by_field_name("function")
            && f.kind() == "template_function"
            && ["static_cast", "reinterpret_cast", "const_cast"]
                .iter()
                .any(|c| text(f, src).starts_with(c))
        {
            return match call_args(n).first() {
                Some(a) => self.eval(st, *a, depth + 1),
                None => Val::Unknown,
            };
        }
        if name.is_empty()
            && let Some(f) = n.child_by_field_name("function")
        {
            self.eval(st, f, depth + 1);
        }
        let args = call_args(n);
        if name == "sizeof" || name == "offsetof" {
            return Val::Unknown;
        }
        let plain_callee = n
            .child_by_field_name("function")
            .is_some_and(|f| strip(f).kind() == "identifier");
        // A variable given by name may be assigned by the callee when it is a macro (`SET(x)`,
        // `n2s(p, len)`, `va_start(ap, fmt)`) or, in C++, a function taking a reference: giving
        // it is no read.
        let assigns = plain_callee && self.may_assign_args(name, n);
        if self.unit.cpp || (plain_callee && looks_like_macro(name)) || assigns {
            for a in &args {
                if strip(*a).kind() == "identifier"
                    && let Some(k) = object_key(*a, src)
                {
                    self.forget_uninit(st, &k);
                }
            }
        }
        let vals: Vec<Val> = args
            .iter()
            .map(|a| {
                if assigns && strip(*a).kind() != "identifier" && is_lvalue(*a, src) {
                    // `mul(tp[j], ...)`, `c2l(in, s.l)`: the element or field may be stored
                    // into, so it is no uninitialised read; the pointers on the way are used.
                    let quiet = std::mem::replace(&mut self.quiet_uninit, true);
                    self.eval(st, *a, depth + 1);
                    self.quiet_uninit = quiet;
                    self.store(st, strip(*a), Val::Unknown, depth + 1);
                    Val::Unknown
                } else {
                    self.eval(st, *a, depth + 1)
                }
            })
            .collect();
        if plain_callee && self.report {
            self.record_call(st, name, n, &vals);
        }
        // Whatever the callee is given the address of may be written.
        for a in &args {
            self.forget_expr(st, *a);
        }
        let int = |i: usize| match vals.get(i) {
            Some(Val::Int(x)) => x.constant(),
            _ => None,
        };
        match name {
            "free" | "cfree" => {
                if let (Some(v), Some(a)) = (vals.first(), args.first()) {
                    self.free(st, v, n, *a);
                }
                return Val::Unknown;
            }
            _ if ALLOCATORS.contains(&name) => {
                let (size, by, null) = match name {
                    "malloc" | "valloc" => (int(0), "malloc", Nullness::Unchecked),
                    "alloca" | "_alloca" | "__builtin_alloca" | "ALLOCA" | "g_alloca" => {
                        // Stack memory: sized, never null, never freed.
                        let id = (n.start_byte(), n.end_byte());
                        st.uninit_blocks.insert(id);
                        return Val::NotHeap {
                            what: "alloca block",
                            size: int(0),
                            offset: Interval::exact(0),
                            block: Some(id),
                        };
                    }
                    "calloc" => (
                        int(0).zip(int(1)).and_then(|(a, b)| a.checked_mul(b)),
                        "calloc",
                        Nullness::Unchecked,
                    ),
                    "realloc" => {
                        // The old block is freed or kept: its record is no longer known.
                        if let Some(Val::Heap { alloc, .. }) = vals.first() {
                            st.allocs.remove(alloc);
                        }
                        (int(1), "realloc", Nullness::Unchecked)
                    }
                    "aligned_alloc" => (int(1), "aligned_alloc", Nullness::Unchecked),
                    _ => {
                        let len = match vals.first() {
                            Some(Val::NotHeap {
                                what: "string literal",
                                size,
                                ..
                            }) => *size,
                            _ => None,
                        };
                        (len, "strdup", Nullness::Unchecked)
                    }
                };
                let v = self.new_alloc(st, n, size, by, null);
                // `malloc` hands out memory with indeterminate contents.
                if matches!(name, "malloc" | "valloc" | "aligned_alloc")
                    && let Val::Heap { alloc, .. } = &v
                    && let Some(a) = st.allocs.get_mut(alloc)
                {
                    a.uninit = true;
                }
                return v;
            }
            _ if DEREFS_ARGS.contains(&name) => {
                self.uninit_sources(name, &args, &vals, st);
                self.library_call(st, name, &args, &vals);
                for v in &vals {
                    self.contents_written(st, v);
                }
                // Out-parameters (`strtol(s, &end, 10)`, `sscanf(s, "%d", &n)`) are stored into.
                for a in &args {
                    if strip(*a).kind() == "pointer_expression" && operator(strip(*a), src) == "&" {
                        self.havoc_arg(st, *a);
                    }
                }
                return Val::Unknown;
            }
            _ if PURE.contains(&name) => return Val::Unknown,
            // The C library's generators: any value from 0 to RAND_MAX (at least 32767, and
            // 2^31 - 1 on the common C libraries), unless the unit defines its own.
            "rand" | "random" if args.is_empty() && !self.unit.defined.contains_key(name) => {
                return Val::Int(Interval {
                    lo: 0,
                    hi: 2_147_483_647,
                });
            }
            _ => {}
        }
        // Summaries are found by name: only for plain identifiers, never for a qualified or
        // member call that may name another class's function.
        let plain = n
            .child_by_field_name("function")
            .is_some_and(|f| strip(f).kind() == "identifier");
        let summary: Option<Summary> = if plain {
            self.unit.summaries.get(name).cloned()
        } else {
            None
        };
        if let Some(s) = &summary
            && s.params == args.len()
        {
            for (i, (a, v)) in args.iter().zip(&vals).enumerate() {
                self.contents_written(st, v);
                if s.frees.get(i).copied().unwrap_or(false) {
                    self.free(st, v, n, *a);
                } else if s.escapes.get(i).copied().unwrap_or(true) {
                    self.escape(st, v);
                }
                self.havoc_arg(st, *a);
            }
            if s.returns_alloc {
                let v = self.new_alloc(st, n, None, "an allocating function", Nullness::MaybeNull);
                if s.returns_freed
                    && let Val::Heap { alloc, .. } = &v
                    && let Some(a) = st.allocs.get_mut(alloc)
                {
                    a.status = Status::Freed(span_of(n));
                }
                return v;
            }
            if s.returns_null {
                return Val::Null;
            }
            if let Some(c) = s.returns_const {
                return Val::Int(Interval::exact(c));
            }
            return Val::Unknown;
        }
        // A callee named like a macro (`SKIP_PREFIX`) that no file defines is most likely a
        // macro from a header the parser does not expand, and a macro may assign the variables
        // it is given; a function never changes an argument passed by value.
        let macro_like = assigns;
        for (a, v) in args.iter().zip(&vals) {
            self.escape(st, v);
            self.given_to_unknown(st, *a);
            self.havoc_arg(st, *a);
            if macro_like {
                self.forget_var(st, name, *a);
            }
        }
        Val::Unknown
    }

    /// Forgets what is known of a plain variable given to code that may assign it.
    fn forget_var(&mut self, st: &mut State, name: &str, a: Node<'_>) {
        let a = strip(a);
        if a.kind() != "identifier" {
            return;
        }
        let Some(key) = object_key(a, self.src()) else {
            return;
        };
        // A heap pointer given to a callee named like a function is far more often an argument
        // than a macro's target: it keeps its block (which escapes), so leaks and uses after
        // free stay visible.
        if matches!(st.vars.get(&key), Some(Val::Heap { .. }))
            && !self.unit.macros.contains(name)
            && !looks_like_macro(name)
        {
            return;
        }
        if let Some(v) = st.vars.remove(&key) {
            self.escape(st, &v);
        }
    }

    /// Unknown code may change what an argument points to: `&x` changes `x`, `p` changes `p->f`.
    fn havoc_arg(&mut self, st: &mut State, a: Node<'_>) {
        let src = self.src();
        let a = strip(a);
        let (key, whole) = match a.kind() {
            "pointer_expression" if operator(a, src) == "&" => {
                match a
                    .child_by_field_name("argument")
                    .and_then(|x| object_key(x, src))
                {
                    Some(k) => (k, true),
                    None => return,
                }
            }
            _ => match object_key(a, src) {
                Some(k) => (k, false),
                None => return,
            },
        };
        let victims: Vec<String> = st
            .vars
            .keys()
            .filter(|k| is_within(k, &key) && (whole || k.as_str() != key))
            .cloned()
            .collect();
        for k in victims {
            if let Some(v) = st.vars.remove(&k) {
                self.escape(st, &v);
            }
        }
    }

    /// A library function that reads or writes through its pointer arguments.
    fn library_call(&mut self, st: &mut State, name: &str, args: &[Node<'_>], vals: &[Val]) {
        let first_data = match name {
            "printf" => 1,
            "fprintf" | "sprintf" | "vsprintf" => 2,
            "snprintf" | "vsnprintf" => 3,
            _ => 0,
        };
        let dest_only = matches!(
            name,
            "sprintf" | "snprintf" | "vsprintf" | "vsnprintf" | "fprintf"
        );
        // Of the arguments after a format, only those of `%s` and `%n` are dereferenced; with
        // a format that is not a literal, none is known to be.
        let reads = if first_data > 0 {
            args.get(first_data - 1)
                .and_then(|f| format_reads(*f, self.src()))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        for (i, (a, v)) in args.iter().zip(vals).enumerate() {
            let is_data = if first_data > 0 && i >= first_data {
                reads.get(i - first_data).copied().unwrap_or(false)
            } else {
                i >= first_data || (dest_only && i == 0)
            };
            if !is_data {
                continue;
            }
            // A literal NULL is a deliberate "none" (`strtol(s, NULL, 10)`), not a dereference.
            let literal_null = matches!(strip(*a).kind(), "null" | "nullptr")
                || text(strip(*a), self.src()) == "NULL";
            if matches!(v, Val::Heap { .. }) || (matches!(v, Val::Null) && !literal_null) {
                self.deref(st, v, *a, None);
            }
        }
        // Lengths against the destination (and source) sizes.
        let len = |i: usize| match vals.get(i) {
            // The smallest length: intervals do not relate a length to the offset it is
            // copied to (`memcpy(d, b + (8 - n), n)` stays within 8 bytes for every n).
            Some(Val::Int(x)) if x.bounded() => Some(x.lo),
            _ => None,
        };
        let checks: &[(usize, Option<i64>)] = &match name {
            "memcpy" | "memmove" | "wmemcpy" => [(0, len(2)), (1, len(2))],
            "memset" | "strncpy" | "wmemset" => [(0, len(2)), (usize::MAX, None)],
            "bzero" | "fgets" | "snprintf" => [(0, len(1)), (usize::MAX, None)],
            "strcpy" => {
                let need = match vals.get(1) {
                    Some(Val::NotHeap {
                        what: "string literal",
                        size,
                        ..
                    }) => *size,
                    _ => None,
                };
                [(0, need), (usize::MAX, None)]
            }
            _ => [(usize::MAX, None), (usize::MAX, None)],
        };
        for (i, need) in checks {
            let (Some(v), Some(need), Some(a)) = (vals.get(*i), need, args.get(*i)) else {
                continue;
            };
            if *need <= 0 {
                continue;
            }
            let v = v.clone();
            self.deref(st, &v, *a, Some(*need));
        }
    }
}

/// For a literal printf format, whether each argument after it is dereferenced: `%s` and `%n`
/// read or write through theirs, every other conversion (`%d`, `%p`, `%x`) takes a value, and
/// `*` widths and precisions take an `int`. `None` when the format is not a literal.
pub(crate) fn format_reads(fmt: Node<'_>, src: &[u8]) -> Option<Vec<bool>> {
    let fmt = strip(fmt);
    if fmt.kind() != "string_literal" {
        return None;
    }
    let t = text(fmt, src).as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        if t.get(i) == Some(&b'%') {
            i += 1;
            continue;
        }
        // Flags, width, precision and length, then the conversion.
        while let Some(&c) = t.get(i) {
            match c {
                b'*' => out.push(false),
                b'-' | b'+' | b' ' | b'#' | b'0'..=b'9' | b'.' | b'\'' => {}
                b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't' => {}
                _ => break,
            }
            i += 1;
        }
        match t.get(i) {
            Some(b's' | b'n' | b'S') => out.push(true),
            Some(_) => out.push(false),
            None => {}
        }
        i += 1;
    }
    Some(out)
}
