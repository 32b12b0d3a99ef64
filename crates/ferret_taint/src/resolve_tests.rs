//! Tests of call resolution across files: by receiver class, declared type, constructor,
//! field type, import and alias, and through the class hierarchy (overrides and interface
//! implementations in other files). Each file is `m<i>.<ext>`; `src()` is the source and the
//! argument of `sink(...)` a sink; a finding is (file index, line).

use ferret_lang::Language;

use super::tests::{findings_in, python_findings};

#[test]
fn a_method_on_a_receiver_of_unknown_class_keeps_the_library_flow() {
    // `Cache.get` drops its argument; `p.get(...)` is not that method (p's class is unknown),
    // so the value read from the source still flows.
    let cache = "class Cache:\n    def get(self, k):\n        return 'constant'\n";
    let view = "from m0 import Cache\ndef view():\n    p = src()\n    v = p.get('x')\n    sink(v)\n    c = Cache()\n    w = c.get(p)\n    sink(w)\n";
    assert_eq!(python_findings(&[cache, view]), vec![(1, 5)]);
}

#[test]
fn a_same_named_method_of_another_class_is_not_taken() {
    let loud = "class Loud {\n  void run(String s) {\n    sink(s);\n  }\n}\n";
    let quiet = "class Quiet {\n  void run(String s) {\n    sink(s);\n  }\n}\n";
    let main = "class Main {\n  void m(Loud r) {\n    String p = src();\n    r.run(p);\n  }\n  void n(Object o) {\n    String p = src();\n    o.run(p);\n  }\n}\n";
    assert_eq!(
        findings_in(Language::Java, "java", &[loud, quiet, main]),
        vec![(0, 3)]
    );
}

#[test]
fn an_interface_call_reaches_the_implementations_in_other_files() {
    let store = "interface Store {\n  void save(String s);\n}\n";
    let db =
        "class DbStore implements Store {\n  public void save(String s) {\n    sink(s);\n  }\n}\n";
    let other = "class Unrelated {\n  public void save(String s) {\n    sink(s);\n  }\n}\n";
    let svc = "class Svc {\n  private Store store;\n  void h() {\n    String p = src();\n    store.save(p);\n  }\n}\n";
    assert_eq!(
        findings_in(Language::Java, "java", &[store, db, other, svc]),
        vec![(1, 3)]
    );
}

#[test]
fn a_base_class_call_reaches_an_override_in_another_file() {
    let base = "class Base:\n    def handle(self, x):\n        return x\n    def run(self):\n        self.handle(src())\n";
    let sub = "from m0 import Base\nclass Impl(Base):\n    def handle(self, x):\n        sink(x)\n";
    let other = "class Elsewhere:\n    def handle(self, x):\n        sink(x)\n";
    assert_eq!(python_findings(&[base, sub, other]), vec![(1, 4)]);
}

#[test]
fn a_constructor_call_and_a_constructed_local_fix_the_class() {
    let job = "class Job:\n    def __init__(self, n):\n        self.n = n\n    def run(self, x):\n        sink(x)\n";
    let task = "class Task:\n    def __init__(self, n):\n        self.n = n\n    def run(self, x):\n        return 'done'\n";
    let main = "from m0 import Job\nfrom m1 import Task\ndef main():\n    Job(1).run(src())\n    r = Task(2).run(src())\n    sink(r)\n";
    assert_eq!(python_findings(&[job, task, main]), vec![(0, 5)]);
    let ts_svc = "class Svc {\n  exec(s: string) {\n    sink(s);\n  }\n}\nclass Nop {\n  exec(s: string) {\n    return s;\n  }\n}\n";
    let ts_main =
        "function f() {\n  const s = new Nop();\n  const r = s.exec(src());\n  sink(r);\n}\n";
    assert_eq!(
        findings_in(Language::TypeScript, "ts", &[ts_svc, ts_main]),
        vec![(1, 4)]
    );
}

#[test]
fn imports_and_aliases_pick_the_module() {
    let a = "def run(x):\n    sink(x)\n";
    let b = "def run(x):\n    return 'safe'\n";
    let via_module = "import m0 as h\ndef f():\n    h.run(src())\n";
    let via_alias = "from m0 import run as go\ndef f():\n    go(src())\n";
    let other = "from m1 import run\ndef f():\n    run(src())\n";
    assert_eq!(python_findings(&[a, b, via_module]), vec![(0, 2)]);
    assert_eq!(python_findings(&[a, b, via_alias]), vec![(0, 2)]);
    assert_eq!(
        python_findings(&[a, b, other]),
        Vec::<(usize, usize)>::new()
    );
}

#[test]
fn a_name_imported_from_a_library_is_no_project_function() {
    // `redirect` comes from the library: the project's own `redirect` (which drops its
    // argument) is not called, so the argument still flows to the result.
    let own = "def redirect(u):\n    return '/'\n";
    let view = "from flask import redirect\ndef f():\n    r = redirect(src())\n    sink(r)\n";
    assert_eq!(python_findings(&[own, view]), vec![(1, 4)]);
}

#[test]
fn go_methods_resolve_by_receiver_type_and_interfaces_by_method_set() {
    let store = "package store\n\ntype Store interface {\n\tSave(s string)\n}\n\ntype Db struct{}\n\nfunc (d *Db) Save(s string) {\n\tsink(s)\n}\n";
    let user = "package store\n\ntype Cache struct{}\n\nfunc (c *Cache) Put(s string) {\n}\n\nfunc Use(st Store, c *Cache) {\n\tst.Save(src())\n\tc.Put(src())\n}\n";
    assert_eq!(
        findings_in(Language::Go, "go", &[store, user]),
        vec![(0, 10)]
    );
}
