//! Calls that may be macros. The parser does not expand macros, so `n2s(p, len);` reads as a
//! call of a function given `len` by value, while the macro assigns `len`. A plain callee may be
//! a macro when the unit defines it as a function-like macro, or when nothing in the unit
//! declares it as a function and it is not a C library function (its definition is in a header
//! the analysis does not read). Such a call assigns the objects it is given by name only where a
//! macro can: as a statement, or as a condition given more than one argument
//! (`if (SKIP_PREFIX(u, "GET "))`), not where its value is computed into an argument or an
//! arithmetic operand (`f(DOWN16(len))` reads `len`), nor as a test of its one argument
//! (`if (!IS16(len))` is a predicate).

use tree_sitter::Node;

use crate::eval::Ctx;
use crate::syntax::{operator, strip};

/// C library functions (and common POSIX ones) that are functions: they never assign the
/// variables they are given by value.
const LIBRARY: &[&str] = &[
    "abort",
    "abs",
    "access",
    "atexit",
    "bsearch",
    "calloc",
    "chdir",
    "close",
    "ctime",
    "exit",
    "fclose",
    "feof",
    "ferror",
    "fflush",
    "fgetc",
    "fgets",
    "fopen",
    "fprintf",
    "fputc",
    "fputs",
    "fread",
    "free",
    "fscanf",
    "fseek",
    "ftell",
    "fwrite",
    "getc",
    "getchar",
    "getenv",
    "gets",
    "isalnum",
    "isalpha",
    "isdigit",
    "islower",
    "isprint",
    "isspace",
    "isupper",
    "isxdigit",
    "labs",
    "localtime",
    "malloc",
    "memchr",
    "memcmp",
    "memcpy",
    "memmove",
    "memset",
    "open",
    "perror",
    "pow",
    "printf",
    "putc",
    "putchar",
    "puts",
    "qsort",
    "rand",
    "read",
    "realloc",
    "recv",
    "remove",
    "rename",
    "scanf",
    "send",
    "snprintf",
    "sprintf",
    "sqrt",
    "srand",
    "sscanf",
    "strcat",
    "strchr",
    "strcmp",
    "strcpy",
    "strdup",
    "strerror",
    "strlen",
    "strncat",
    "strncmp",
    "strncpy",
    "strndup",
    "strrchr",
    "strstr",
    "strtod",
    "strtok",
    "strtol",
    "strtoul",
    "system",
    "time",
    "tolower",
    "toupper",
    "unlink",
    "vfprintf",
    "vprintf",
    "vsnprintf",
    "vsprintf",
    "write",
    "wcscpy",
    "wcslen",
    "wprintf",
];

/// Whether `name` is a C library function that returns to its caller.
pub(crate) fn returns(name: &str) -> bool {
    LIBRARY.contains(&name) && !crate::cfg::NORETURN_FUNCTIONS.contains(&name)
}

/// Whether `name` is written as C macros conventionally are: upper-case letters, digits and
/// underscores, with at least one letter.
pub(crate) fn looks_like_macro(name: &str) -> bool {
    name.bytes().any(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether the call `call` sits where its value is computed into something else (an argument,
/// an initialiser, a returned value, the right side of an assignment, an arithmetic operand) or
/// tests its one argument, so that it does not assign what it is given.
fn value_position(call: Node<'_>, src: &[u8]) -> bool {
    let mut cur = call;
    let mut parent = call.parent();
    while let Some(p) = parent {
        if !matches!(p.kind(), "parenthesized_expression" | "cast_expression") {
            break;
        }
        cur = p;
        parent = p.parent();
    }
    let Some(p) = parent else { return false };
    if matches!(p.kind(), "expression_statement" | "comma_expression") {
        return false;
    }
    // A test of one argument is a predicate on it.
    if crate::syntax::call_args(call).len() < 2 {
        return true;
    }
    match p.kind() {
        "argument_list"
        | "init_declarator"
        | "return_statement"
        | "subscript_expression"
        | "initializer_list" => true,
        "assignment_expression" => p
            .child_by_field_name("right")
            .is_some_and(|r| r.id() == cur.id()),
        "binary_expression" => !matches!(
            operator(p, src),
            "&&" | "||" | "==" | "!=" | "<" | "<=" | ">" | ">="
        ),
        _ => false,
    }
}

impl Ctx<'_> {
    /// Whether the plain callee `name` may be a macro.
    pub(crate) fn may_be_macro(&self, name: &str) -> bool {
        if self.unit.macros.contains(name) {
            return true;
        }
        if self.unit.functions.contains(name) {
            return false;
        }
        looks_like_macro(name) || !LIBRARY.contains(&name)
    }

    /// Whether the call `call` of the plain callee `name` may assign the objects it is given.
    pub(crate) fn may_assign_args(&self, name: &str, call: Node<'_>) -> bool {
        name.starts_with("va_") || (self.may_be_macro(name) && !value_position(call, self.src()))
    }
}

/// Whether `e` names an object a macro could assign (`x`, `s.f`, `p->f`, `a[i]`, `*p`).
pub(crate) fn is_lvalue(e: Node<'_>, src: &[u8]) -> bool {
    let e = strip(e);
    match e.kind() {
        "identifier" | "field_expression" | "subscript_expression" => true,
        "pointer_expression" => operator(e, src) == "*",
        _ => false,
    }
}

/// The function-like macros the unit defines, as (name, body text).
pub(crate) fn macro_bodies<'s>(root: Node<'_>, src: &'s [u8]) -> Vec<(&'s str, &'s str)> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    let mut budget = 1_000_000usize;
    while let Some(n) = stack.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        match n.kind() {
            "preproc_function_def" => {
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    out.push((
                        crate::syntax::text(name, src),
                        crate::syntax::text(value, src),
                    ));
                }
            }
            "function_definition" | "declaration" => {}
            _ => {
                let mut w = n.walk();
                stack.extend(n.named_children(&mut w));
            }
        }
    }
    out
}

/// Of `bodies`, the macros (`#define DIE(msg) do { perror(msg); exit(1); } while (0)`) not yet
/// in `noreturn` whose body never returns, given the functions known not to: a call of one ends
/// its path as the call of a noreturn function does. Bodies that name none of `noreturn` or the
/// library's noreturn functions are not parsed.
pub(crate) fn noreturn_macros(
    bodies: &[(&str, &str)],
    noreturn: &std::collections::HashSet<String>,
) -> Vec<String> {
    bodies
        .iter()
        .filter(|(name, body)| !noreturn.contains(*name) && body_never_returns(body, noreturn))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Whether a macro body, read as the statements of a function, ends every path in a call that
/// never returns.
fn body_never_returns(body: &str, noreturn: &std::collections::HashSet<String>) -> bool {
    let names = crate::cfg::NORETURN_FUNCTIONS
        .iter()
        .copied()
        .chain(noreturn.iter().map(String::as_str));
    let mut mentions = false;
    for name in names {
        if body.contains(name) {
            mentions = true;
            break;
        }
    }
    if !mentions || body.len() > 4_096 {
        return false;
    }
    let code = format!("void m(void) {{\n{};\n}}\n", body.replace("\\\n", "\n"));
    let limits = ferret_lang::ParseLimits::default();
    let Ok(parsed) = ferret_lang::parse(ferret_lang::Language::C, code.as_bytes(), &limits) else {
        return false;
    };
    if parsed.has_error {
        return false;
    }
    let root = parsed.tree.root_node();
    let Some(body) = root
        .named_child(0)
        .filter(|f| f.kind() == "function_definition")
        .and_then(|f| f.child_by_field_name("body"))
    else {
        return false;
    };
    crate::cfg::build(body, code.as_bytes(), noreturn).is_ok_and(|c| !c.can_return())
}
