//! Tests of both checks on whole JavaScript and TypeScript files.

use crate::{Check, analyze};

fn run(src: &str, ts: bool) -> Vec<(Check, String)> {
    let mut parser = tree_sitter::Parser::new();
    let lang: tree_sitter::Language = if ts {
        tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
    } else {
        tree_sitter_javascript::LANGUAGE.into()
    };
    parser.set_language(&lang).expect("grammar");
    let tree = parser.parse(src, None).expect("parses");
    analyze(tree.root_node(), src.as_bytes(), &Check::ALL)
        .into_iter()
        .map(|d| (d.check, src[d.span.start..d.span.end].to_string()))
        .collect()
}

fn pollution(src: &str) -> Vec<String> {
    run(src, false)
        .into_iter()
        .filter(|(c, _)| *c == Check::PrototypePollution)
        .map(|(_, s)| s)
        .collect()
}

#[test]
fn recursive_merge_without_guard_is_reported() {
    let src = r#"
function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object' && source.hasOwnProperty(key)) {
      if (!target[key]) target[key] = {};
      merge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}"#;
    // One finding per walked object: its first write.
    assert_eq!(pollution(src), vec!["target[key] = {}"]);
}

#[test]
fn path_setters_and_key_callbacks_are_reported() {
    let src = r#"
function setPath(obj, path, value) {
  const parts = path.split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    cur = cur[parts[i]] = cur[parts[i]] || {};
  }
  cur[parts[parts.length - 1]] = value;
}
const deep = (dst, src) => {
  Object.keys(src).forEach((k) => {
    if (isObject(src[k])) { deep(dst[k], src[k]); } else { dst[k] = src[k]; }
  });
};"#;
    let found = pollution(src);
    assert_eq!(
        found,
        vec!["cur[parts[i]] = cur[parts[i]] || {}", "dst[k] = src[k]"]
    );
}

#[test]
fn guards_and_single_level_writes_are_not_reported() {
    let guarded = [
        r#"function merge(t, s) { for (const k in s) { if (k === '__proto__' || k === 'constructor') continue; if (isObj(s[k])) merge(t[k], s[k]); else t[k] = s[k]; } }"#,
        r#"function merge(t, s) { for (const k in s) { if (!isSafeKey(k)) continue; if (isObj(s[k])) merge(t[k], s[k]); else t[k] = s[k]; } }"#,
        r#"function merge(t, s) { for (const k in s) { if (Object.hasOwn(t, k)) merge(t[k], s[k]); else t[k] = s[k]; } }"#,
        r#"const BAD = ['__proto__', 'constructor']; function merge(t, s) { for (const k in s) { if (BAD.indexOf(k) >= 0) continue; if (isObj(s[k])) merge(t[k], s[k]); else t[k] = s[k]; } }"#,
        r#"function set(path, v) { const root = Object.create(null); let c = root; for (const p of path.split('.')) c = c[p] = c[p] || {}; c.x = v; c[path] = v; return root; }"#,
        // One level: the object itself is the caller's, its prototype is not reached.
        r#"function assign(t, s) { for (const k in s) { t[k] = s[k]; } }"#,
        // A named field of the input is data, not a key; bare numeric-looking parameters alone are not either.
        r#"function group(rows) { const out = {}; rows.forEach(r => { out[r.id] = out[r.id] || {}; out[r.id][r.name] = r.v; }); return out; }"#,
        r#"function put(grid, x, y, v) { grid[x][y] = v; }"#,
    ];
    for src in guarded {
        assert!(pollution(src).is_empty(), "{src}: {:?}", pollution(src));
    }
}

#[test]
fn a_guard_against_proto_alone_does_not_protect() {
    let src = r#"function copy(t, s) { for (const k in s) { if (k === '__proto__') continue; if (isObj(s[k])) copy(t[k], s[k]); else t[k] = s[k]; } }"#;
    assert_eq!(pollution(src), vec!["t[k] = s[k]"]);
}

#[test]
fn fresh_targets_and_outer_wrappers() {
    // `out` is a new object where it is written, though the parameter it held may be walked.
    let clone = r#"function clone(input) { var out = input, k; if (isObj(input)) { out = {}; for (k in input) out[k] = clone(input[k]); } return out; }"#;
    assert!(pollution(clone).is_empty(), "{:?}", pollution(clone));
    // Strings elsewhere in a wrapper (an IIFE, a UMD factory) guard nothing here; elements of
    // an input array are inputs.
    let src = r#"(function () {
  var name = 'constructor';
  var deepExtend = module.exports = function () {
    var target = arguments[0];
    var args = Array.prototype.slice.call(arguments, 1);
    args.forEach(function (obj) {
      Object.keys(obj).forEach(function (key) {
        var src = target[key], val = obj[key];
        if (typeof val !== 'object') { target[key] = val; return; }
        target[key] = deepExtend(src, val);
      });
    });
  };
})();"#;
    assert_eq!(pollution(src), vec!["target[key] = val"]);
}

#[test]
fn jquery_style_extend_through_arguments_is_reported() {
    let src = r#"
jQuery.extend = jQuery.fn.extend = function() {
  var options, name, src, copy, clone, target = arguments[0] || {}, i = 1, length = arguments.length, deep = false;
  for (; i < length; i++) {
    if ((options = arguments[i]) != null) {
      for (name in options) {
        src = target[name];
        copy = options[name];
        if (deep && copy && isPlainObject(copy)) {
          clone = src && isPlainObject(src) ? src : {};
          target[name] = jQuery.extend(deep, clone, copy);
        } else if (copy !== undefined) {
          target[name] = copy;
        }
      }
    }
  }
  return target;
};"#;
    let found = pollution(src);
    assert_eq!(
        found,
        vec!["target[name] = jQuery.extend(deep, clone, copy)"]
    );
}

#[test]
fn typescript_numbers_are_not_keys() {
    let src = "function put(m: number[][], r: number, c: number, v: number) { m[r][c] = v; }\n\
               function set(o: any, path: string[], v: unknown) { let c = o; for (const k of path.slice(0, -1)) c = c[k]; c[path[path.length - 1]] = v; }";
    let found: Vec<String> = run(src, true).into_iter().map(|(_, s)| s).collect();
    assert_eq!(found, vec!["c[path[path.length - 1]] = v"]);
}

fn redos(src: &str) -> Vec<String> {
    run(src, false)
        .into_iter()
        .filter(|(c, _)| *c == Check::Redos)
        .map(|(_, s)| s)
        .collect()
}

#[test]
fn ambiguous_regexes_applied_to_values_are_reported() {
    let src = r#"
const EMAIL = /^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$/;
function isEmail(s) { return EMAIL.test(s); }
function words(s) { return s.replace(/^(\w+\s?)*$/, ''); }
const r = new RegExp('(a+)+b');
module.exports = (x) => r.exec(x);
class P { constructor() { this.pat = /(x|x)*y/; } run(v) { return v.match(this.pat); } }
"#;
    assert_eq!(redos(src).len(), 4, "{:?}", redos(src));
}

#[test]
fn safe_unused_or_constant_uses_are_not_reported() {
    let src = r#"
const SAFE = /^[\w.-]+@[\w-]+(\.[\w-]+)+$/;
function ok(s) { return SAFE.test(s); }
const UNUSED = /(a+)+b/;
function k() { return /(a+)+b/.test('aaaa'); }
function w(s) { return /\b(\w+\s?)*\b/.test(s); }
"#;
    assert!(redos(src).is_empty(), "{:?}", redos(src));
}
