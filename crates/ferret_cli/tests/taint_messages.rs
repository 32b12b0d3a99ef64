//! Metavariables in a taint rule's message are filled as Semgrep fills them: every one the
//! sink's match bound, then those of the source's match whose names the sink did not bind; a
//! name neither bound stays as written. The text output is compared whole.

use std::process::Command;

const RULE: &str = r#"rules:
  - id: t.sql
    mode: taint
    languages: [python]
    severity: ERROR
    message: $Q.execute($SQL) runs a query built from $SRC; $NONE is not bound
    pattern-sources:
      - pattern: $SQL.args.get($SRC)
    pattern-sinks:
      - patterns:
          - pattern: $Q.execute($SQL)
          - focus-metavariable: $SQL
"#;

const APP: &str = r#"from flask import request


def view(db):
    name = request.args.get("name")
    query = "SELECT * FROM t WHERE n = '" + name + "'"
    db.cursor().execute(query)
"#;

const EXPECTED: &str = r#"high t.sql: db.cursor().execute(query) runs a query built from "name"; $NONE is not bound
  --> src/app.py:7:25
   |
 6 |     query = "SELECT * FROM t WHERE n = '" + name + "'"
 7 |     db.cursor().execute(query)
   |                         ^^^^^
   |
   = dataflow:
       1. source src/app.py:5  name = request.args.get("name")  (source)
       2. step   src/app.py:5  name = request.args.get("name")  (assigned to name)
       3. step   src/app.py:6  query = "SELECT * FROM t WHERE n = '" + name + "'"  (assigned to query)
       4. sink   src/app.py:7  db.cursor().execute(query)  (sink)
"#;

#[test]
fn taint_messages_name_what_the_source_and_sink_matched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    std::fs::write(dir.path().join("src/app.py"), APP).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ferret"))
        .current_dir(dir.path())
        .args([
            "scan",
            "src",
            "--config",
            "rule.yaml",
            "--no-color",
            "--no-progress",
            "--no-cache",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out, EXPECTED);
    assert_eq!(o.status.code(), Some(1));
}
