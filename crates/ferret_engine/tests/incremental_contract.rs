//! The contract of incremental taint passes (see `ferret_taint::incremental`): after every
//! edit of a multi-file project, a scan that reuses the cache (and so the last taint pass's
//! state) reports exactly what a scan without the cache reports. The projects are the
//! cross-file rule test directories (`rules/<lang>/<rule>/`), mutated by a seeded generator,
//! and constructed projects whose edits target what a pass depends on: callees, definitions,
//! constants, fields and globals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ferret_core::ScanReport;
use ferret_engine::{CacheOptions, Prepared, ScanOptions};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// A change to the tree: each file's new content, `None` to delete it.
type Edit = Vec<(String, Option<String>)>;

/// A project under test: its tree, its cache and its rules.
struct Project {
    name: String,
    root: tempfile::TempDir,
    cache: tempfile::TempDir,
    prep: Prepared,
    /// Scans whose taint pass analysed fewer files than the tree has.
    partial: usize,
    /// Edits that changed the findings.
    changing: usize,
}

impl Project {
    fn new(name: &str, rules: &[PathBuf], files: &BTreeMap<String, String>) -> Project {
        let prep = Prepared::new(ferret_engine::load_rules(rules).unwrap());
        let p = Project {
            name: name.to_string(),
            root: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            prep,
            partial: 0,
            changing: 0,
        };
        p.apply(
            &files
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect(),
        );
        p
    }

    fn apply(&self, edit: &Edit) {
        for (path, text) in edit {
            let p = self.root.path().join(path);
            match text {
                Some(t) => std::fs::write(p, t).unwrap(),
                None => {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
    }

    fn scan(&self, cached: bool) -> ScanReport {
        let opts = ScanOptions {
            paths: vec![self.root.path().to_path_buf()],
            jobs: 1,
            cache: cached.then(|| CacheOptions {
                dir: self.cache.path().to_path_buf(),
                rules_hash: "contract".into(),
            }),
            ..ScanOptions::default()
        };
        ferret_engine::scan(&self.prep, &opts).unwrap()
    }

    /// Scans with the cache, once at the start, then after each edit, checking each time that
    /// the result equals an uncached scan's.
    fn check(&mut self, edits: &[(String, Edit)]) {
        let first = self.scan(true);
        assert_eq!(first.findings, self.scan(false).findings, "{}", self.name);
        let mut last = first.findings;
        for (i, (what, edit)) in edits.iter().enumerate() {
            self.apply(edit);
            let inc = self.scan(true);
            let full = self.scan(false);
            let at = format!("{}, edit {i} ({what})", self.name);
            assert_eq!(inc.findings, full.findings, "{at}");
            assert_eq!(inc.summary.file_issues, full.summary.file_issues, "{at}");
            if inc.summary.taint_files_analysed < full.summary.taint_files_analysed {
                self.partial += 1;
            }
            if inc.findings != last {
                self.changing += 1;
            }
            last = inc.findings;
        }
    }
}

/// A fixed-seed generator (an LCG), so that the mutations are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// `steps` mutations of `files`, each on top of the last: lines moved, deleted, duplicated or
/// swapped, a file copied under a new name (its definitions now shadow the original's), a
/// file deleted, a file restored.
fn mutations(files: &BTreeMap<String, String>, seed: u64, steps: usize) -> Vec<(String, Edit)> {
    let mut rng = Lcg(seed);
    let mut now = files.clone();
    let names: Vec<String> = files.keys().cloned().collect();
    let mut out = Vec::new();
    for step in 0..steps {
        let name = names[rng.below(names.len())].clone();
        let op = rng.below(7);
        let Some(text) = now.get(&name).cloned() else {
            // Deleted: bring it back.
            let orig = files[&name].clone();
            now.insert(name.clone(), orig.clone());
            out.push((format!("restore {name}"), vec![(name, Some(orig))]));
            continue;
        };
        let mut lines: Vec<&str> = text.lines().collect();
        let k = rng.below(lines.len());
        // An emptied file can only be restored.
        let op = if lines.is_empty() { 6 } else { op };
        let (what, edit) = match op {
            0 => {
                lines.insert(0, "");
                ("move the lines of", None)
            }
            1 => {
                lines.remove(k);
                ("delete a line of", None)
            }
            2 => {
                lines.insert(k, lines[k]);
                ("duplicate a line of", None)
            }
            3 if k + 1 < lines.len() => {
                lines.swap(k, k + 1);
                ("swap two lines of", None)
            }
            4 => {
                let copy = format!("copy{step}_{name}");
                now.insert(copy.clone(), text.clone());
                ("copy", Some(vec![(copy, Some(text.clone()))]))
            }
            5 if now.len() > 1 => {
                now.remove(&name);
                ("delete", Some(vec![(name.clone(), None)]))
            }
            _ => {
                let orig = files[&name].clone();
                now.insert(name.clone(), orig.clone());
                ("restore", Some(vec![(name.clone(), Some(orig))]))
            }
        };
        let edit = edit.unwrap_or_else(|| {
            let t = format!("{}\n", lines.join("\n"));
            now.insert(name.clone(), t.clone());
            vec![(name.clone(), Some(t))]
        });
        out.push((format!("{what} {name}"), edit));
    }
    out
}

/// The files of a directory, by name.
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// The taint rules of a language directory.
fn taint_rules(lang_dir: &Path) -> Vec<PathBuf> {
    let mut rules: Vec<PathBuf> = std::fs::read_dir(lang_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy().ends_with("-taint.yaml")
                && std::fs::read_to_string(p).is_ok_and(|t| t.contains("mode: taint"))
        })
        .collect();
    rules.sort();
    rules
}

#[test]
fn rule_test_projects_stay_exact_under_seeded_mutations() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(rules_dir())
        .unwrap()
        .flat_map(|l| std::fs::read_dir(l.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.to_string_lossy().ends_with("-taint"))
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 4, "{dirs:?}");
    for (i, dir) in dirs.iter().enumerate() {
        let files = read_tree(dir);
        let rules = taint_rules(dir.parent().unwrap());
        let mut p = Project::new(&dir.display().to_string(), &rules, &files);
        p.check(&mutations(&files, 0x5eed + i as u64, 24));
        assert!(p.partial > 0, "{}: no edit ran a partial pass", p.name);
        assert!(p.changing > 0, "{}: no edit changed the findings", p.name);
    }
}

fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn set(path: &str, text: &str) -> Edit {
    vec![(path.to_string(), Some(text.to_string()))]
}

fn delete(path: &str) -> Edit {
    vec![(path.to_string(), None)]
}

fn python_rule() -> Vec<PathBuf> {
    vec![rules_dir().join("python/python.injection.command-taint.yaml")]
}

const APP: &str = "import os\nfrom flask import request\nfrom tools import wrap, run_it\n\n\
    def build():\n    name = request.args.get(\"name\")\n    os.system(wrap(name))\n\n\
    def hand_over():\n    run_it(request.form.get(\"cmd\"))\n";
const TOOLS: &str = "import os\nimport shlex\n\ndef wrap(value):\n    return \"ls \" + value\n\n\
    def run_it(cmd):\n    os.system(cmd)\n";
const CHAIN: &str = "import os\nfrom flask import request\nfrom tools import wrap\n\n\
    def twice(v):\n    return wrap(wrap(v))\n\n\
    def entry():\n    os.system(twice(request.args.get(\"x\")))\n";

#[test]
fn edits_of_callees_and_definitions_stay_exact() {
    let files = tree(&[("app.py", APP), ("tools.py", TOOLS), ("chain.py", CHAIN)]);
    let quoting = TOOLS.replace("\"ls \" + value", "\"ls \" + shlex.quote(value)");
    let no_wrap = "import os\n\ndef run_it(cmd):\n    os.system(cmd)\n";
    let shadow = "def wrap(value):\n    return \"safe\"\n";
    let edits: Vec<(String, Edit)> = vec![
        ("the callee now quotes".into(), set("tools.py", &quoting)),
        ("the callee is back".into(), set("tools.py", TOOLS)),
        ("the callee is removed".into(), set("tools.py", no_wrap)),
        ("the callee is restored".into(), set("tools.py", TOOLS)),
        (
            "a new file defines the same name".into(),
            set("shadow.py", shadow),
        ),
        (
            "the caller defines the name itself".into(),
            set(
                "app.py",
                &format!("{APP}\ndef wrap(value):\n    return 'x'\n"),
            ),
        ),
        ("the shadowing file is deleted".into(), delete("shadow.py")),
        ("the caller is back".into(), set("app.py", APP)),
        (
            "the sink moves out of the callee".into(),
            set("tools.py", &TOOLS.replace("os.system(cmd)", "print(cmd)")),
        ),
        (
            "the callee takes another parameter".into(),
            set(
                "tools.py",
                &TOOLS.replace("run_it(cmd)", "run_it(cmd, extra=None)"),
            ),
        ),
        (
            "the caller's lines move".into(),
            set("app.py", &format!("\n\n{APP}")),
        ),
        ("the callees' file is deleted".into(), delete("tools.py")),
        ("the callees' file is back".into(), set("tools.py", TOOLS)),
    ];
    let mut p = Project::new("callees", &python_rule(), &files);
    p.check(&edits);
    assert!(p.partial > 0 && p.changing > 0);
}

const CONFIG: &str = "from flask import request\n\nclass Config:\n    DEBUG = False\n    cmd = None\n\n\
    def load():\n    Config.cmd = request.args.get(\"cmd\")\n";
const JOB: &str = "import os\nfrom flask import request\nfrom config import Config\n\nLEVEL = 1\n\n\
    def job():\n    os.system(Config.cmd)\n\n\
    def debug_only(v):\n    if Config.DEBUG:\n        os.system(v)\n\n\
    def leveled(v):\n    if LEVEL > 2:\n        os.system(v)\n\n\
    def entry():\n    debug_only(request.args.get(\"x\"))\n    leveled(request.args.get(\"y\"))\n";
const STORE: &str = "import os\nimport sys\n\nCMD = None\n\n\
    def remember():\n    global CMD\n    CMD = sys.argv[1]\n";
const USER: &str = "import os\nimport store\n\ndef use():\n    os.system(store.CMD)\n";
const OTHER: &str = "import sys\n\n\n";

#[test]
fn edits_of_constants_fields_and_globals_stay_exact() {
    let files = tree(&[
        ("config.py", CONFIG),
        ("job.py", JOB),
        ("store.py", STORE),
        ("user.py", USER),
        ("other.py", OTHER),
    ]);
    let writer = "from flask import request\nfrom config import Config\n\n\
        def also():\n    Config.cmd = request.args.get(\"c\")\n";
    let edits: Vec<(String, Edit)> = vec![
        (
            "a class constant changes".into(),
            set(
                "config.py",
                &CONFIG.replace("DEBUG = False", "DEBUG = True"),
            ),
        ),
        (
            "the class constant is back".into(),
            set("config.py", CONFIG),
        ),
        (
            "a module constant changes".into(),
            set("job.py", &JOB.replace("LEVEL = 1", "LEVEL = 3")),
        ),
        (
            "the field's reader moves".into(),
            set("job.py", &format!("\n{JOB}")),
        ),
        (
            "the field is written a literal".into(),
            set(
                "config.py",
                &CONFIG.replace("request.args.get(\"cmd\")", "\"ls\""),
            ),
        ),
        (
            "another file writes the field".into(),
            set("writer.py", writer),
        ),
        ("the other writer is deleted".into(), delete("writer.py")),
        (
            "the field's writer is back".into(),
            set("config.py", CONFIG),
        ),
        (
            "an unrelated file changes".into(),
            set("other.py", "import sys\n\ndef noop():\n    return 1\n"),
        ),
        (
            "the global is written elsewhere too".into(),
            set(
                "other.py",
                "import sys\nimport store\n\ndef also():\n    store.CMD = sys.argv[2]\n",
            ),
        ),
        (
            "the global's writer stops".into(),
            set("store.py", &STORE.replace("sys.argv[1]", "'ls'")),
        ),
        ("the global's writer is back".into(), set("store.py", STORE)),
        ("the module constant is back".into(), set("job.py", JOB)),
    ];
    let mut p = Project::new("state", &python_rule(), &files);
    p.check(&edits);
    assert!(p.partial > 0 && p.changing > 0);
}

// Methods of a class are indented: a string continuation (`\` at a line's end) would strip the
// indentation of the next line and make them module functions.
const BASE: &str = "from flask import request\n\nclass Handler:\n    def handle(self, v):\n        return v\n\n    def serve(self):\n        self.handle(request.args.get(\"x\"))\n";
const SHELL: &str = "import os\nfrom base import Handler\n\nclass Shell(Handler):\n    def handle(self, v):\n        os.system(v)\n";
const RUNNER: &str = "from flask import request\nfrom shell import Shell\nfrom base import Handler\n\nclass Runner:\n    def __init__(self):\n        self.h = Shell()\n\n    def go(self):\n        self.h.handle(request.args.get(\"y\"))\n";

#[test]
fn edits_of_the_class_hierarchy_and_field_types_stay_exact() {
    let files = tree(&[
        ("base.py", BASE),
        ("shell.py", SHELL),
        ("runner.py", RUNNER),
    ]);
    let edits: Vec<(String, Edit)> = vec![
        (
            "the override leaves the hierarchy".into(),
            set(
                "shell.py",
                &SHELL.replace("Shell(Handler)", "Shell(object)"),
            ),
        ),
        ("the override is back".into(), set("shell.py", SHELL)),
        (
            "the field holds the base class".into(),
            set(
                "runner.py",
                &RUNNER.replace("self.h = Shell()", "self.h = Handler()"),
            ),
        ),
        ("the field's class is back".into(), set("runner.py", RUNNER)),
        (
            "a second subclass in a new file".into(),
            set(
                "more.py",
                "import os\nfrom base import Handler\n\nclass More(Handler):\n    def handle(self, v):\n        os.popen(v)\n",
            ),
        ),
        ("the second subclass is deleted".into(), delete("more.py")),
        (
            "the override loses its body".into(),
            set("shell.py", &SHELL.replace("os.system(v)", "pass")),
        ),
        ("the override's body is back".into(), set("shell.py", SHELL)),
    ];
    let mut p = Project::new("hierarchy", &python_rule(), &files);
    p.check(&edits);
    assert!(p.changing > 0);
}
