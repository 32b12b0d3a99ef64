//! `ferret audit ...` end to end: tampering with the stored log or with an exported bundle is
//! named by `ferret audit verify`, a forked checkpoint is detected, and the real gateway process
//! killed with SIGKILL in the middle of a stream of requests loses no acknowledged entry. Export
//! changes nothing in the data directory; a damaged or rolled-back log is refused by export and
//! by every `ferret gateway` command; a checkpoint newer than a bundle fails `verify`.

#![cfg(feature = "gateway")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use fake_model::{FakeConfig, FakeServer};
use ferret_audit::merkle::leaf_hash;

fn ferret() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferret"))
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn gw(data: &Path, config: Option<&Path>, args: &[&str]) -> String {
    let mut c = ferret();
    c.arg("gateway").arg("--data-dir").arg(data);
    if let Some(cfg) = config {
        c.arg("--config").arg(cfg);
    }
    let (code, out, err) = run(c.args(args));
    assert_eq!(code, 0, "gateway {args:?}: {out}{err}");
    out
}

/// Organisation, users (one a regulator) and their keys, each made by its own process.
fn populate(data: &Path, config: Option<&Path>) -> (String, String) {
    gw(
        data,
        config,
        &["org", "create", "Acme Inc", "--country", "US"],
    );
    gw(
        data,
        config,
        &["org", "approve", "Acme Inc", "--reason", "vetted"],
    );
    for (email, role) in [("alice@acme.test", "user"), ("reg@acme.test", "regulator")] {
        gw(
            data,
            config,
            &[
                "user",
                "create",
                email,
                "--org",
                "Acme Inc",
                "--nationality",
                "US",
                "--location",
                "US",
                "--role",
                role,
            ],
        );
    }
    let key = |email: &str| {
        let out = gw(data, config, &["--json", "key", "create", email]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["key"].as_str().unwrap().to_string()
    };
    (key("alice@acme.test"), key("reg@acme.test"))
}

fn audit(args: &[&str]) -> (i32, String, String) {
    run(ferret().arg("audit").args(args))
}

fn export(data: &Path, bundle: &Path) -> (i32, String, String) {
    audit(&[
        "export",
        "--data-dir",
        data.to_str().unwrap(),
        "-o",
        bundle.to_str().unwrap(),
    ])
}

fn public_key(data: &Path) -> PathBuf {
    data.join("audit").join("public.key")
}

fn verify(data: &Path, bundle: &Path, extra: &[&Path]) -> (i32, String, String) {
    let mut args = vec![
        "verify".to_string(),
        "--public-key".into(),
        public_key(data).to_str().unwrap().into(),
    ];
    for e in extra {
        args.push("--checkpoint".into());
        args.push(e.to_str().unwrap().into());
    }
    args.push(bundle.to_str().unwrap().into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    audit(&args)
}

/// The stored log's records as (tag, payload).
fn records(path: &Path) -> Vec<(u8, Vec<u8>)> {
    let data = std::fs::read(path).unwrap();
    let mut out = Vec::new();
    let mut at = 20;
    while at < data.len() {
        let len = u32::from_le_bytes(data[at + 1..at + 5].try_into().unwrap()) as usize;
        out.push((data[at], data[at + 5..at + 5 + len].to_vec()));
        at += 5 + len + 32;
    }
    out
}

/// Writes records back with valid check values, as a careful attacker would.
fn write_records(path: &Path, recs: &[(u8, Vec<u8>)]) {
    let mut out = b"FERRET-AUDIT-LOG v1\n".to_vec();
    for (tag, p) in recs {
        out.push(*tag);
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p);
        let check: [u8; 32] = if *tag == b'E' {
            leaf_hash(p)
        } else {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            h.update([*tag]);
            h.update(p);
            h.finalize().into()
        };
        out.extend_from_slice(&check);
    }
    std::fs::write(path, out).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn verify_names_a_changed_deleted_reordered_or_inserted_entry_in_the_stored_log() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("data");
    populate(&data, None);
    let bundle = base.path().join("good.bundle");
    let (code, out, err) = export(&data, &bundle);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = verify(&data, &bundle, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("verified: "), "{out}");

    let log = data.join("audit").join("log");
    let recs = records(&log);
    let entry_positions: Vec<usize> = (0..recs.len()).filter(|&i| recs[i].0 == b'E').collect();
    let n = entry_positions.len();
    // The last two entries were each written (and checkpointed) by their own process.
    let k = n - 2;
    type Edit = Box<dyn Fn(&mut Vec<(u8, Vec<u8>)>)>;
    let pos = entry_positions.clone();
    let cases: Vec<(&str, Edit)> = vec![
        (
            "change",
            Box::new(move |r| {
                let p = &mut r[pos[k]].1;
                *p = String::from_utf8_lossy(p)
                    .replace("alice@acme.test", "mallory@acme.test")
                    .into_bytes();
            }),
        ),
        ("delete", {
            let pos = entry_positions.clone();
            Box::new(move |r| {
                r.remove(pos[k]);
            })
        }),
        ("reorder", {
            let pos = entry_positions.clone();
            Box::new(move |r| {
                let a = r[pos[k]].1.clone();
                r[pos[k]].1 = r[pos[k + 1]].1.clone();
                r[pos[k + 1]].1 = a;
            })
        }),
        ("insert", {
            let pos = entry_positions.clone();
            Box::new(move |r| {
                let copy = r[pos[1]].clone();
                r.insert(pos[k], copy);
            })
        }),
    ];
    for (name, edit) in cases {
        let d = base.path().join(name);
        copy_dir(&data, &d);
        let mut r = recs.clone();
        edit(&mut r);
        write_records(&d.join("audit").join("log"), &r);
        let b = base.path().join(format!("{name}.bundle"));
        // A plain export refuses the damaged log; --raw exports the records as stored.
        let (code, out, err) = export(&d, &b);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(
            err.contains("audit log is corrupt at byte"),
            "{name}: {err}"
        );
        let (code, out, err) = audit(&[
            "export",
            "--raw",
            "--data-dir",
            d.to_str().unwrap(),
            "-o",
            b.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{name}: {out}{err}");
        let (code, out, err) = verify(&d, &b, &[]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(
            out.contains(&format!("verification FAILED: entry {k} (")),
            "{name}: {out}"
        );
        assert!(out.contains("expected root"), "{name}: {out}");
    }
}

#[test]
fn verify_names_a_changed_entry_in_a_bundle_and_detects_a_fork() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("data");
    populate(&data, None);
    // A fork: a copy of the data directory (same signing key) that goes another way.
    let fork = base.path().join("fork");
    copy_dir(&data, &fork);
    gw(
        &data,
        None,
        &["org", "create", "Real Org", "--country", "US"],
    );
    gw(
        &fork,
        None,
        &["org", "create", "Fake Org", "--country", "US"],
    );
    gw(
        &data,
        None,
        &["org", "create", "Later Org", "--country", "US"],
    );

    let bundle = base.path().join("b.bundle");
    assert_eq!(export(&data, &bundle).0, 0);
    let text = std::fs::read_to_string(&bundle).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains("\"subject\":\"Real Org\""))
        .unwrap();
    let index = i - 1;
    let tampered = base.path().join("t.bundle");
    let mut t: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    t[i] = t[i].replace("Real Org", "Reel Org");
    std::fs::write(&tampered, t.join("\n") + "\n").unwrap();
    let (code, out, _) = verify(&data, &tampered, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("verification FAILED: entry {index} (")),
        "{out}"
    );

    // The fork's latest checkpoint is validly signed, of a size inside the bundle, and not
    // consistent with it.
    let fb = base.path().join("f.bundle");
    assert_eq!(export(&fork, &fb).0, 0);
    let header: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&fb)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let note = header["checkpoints"].as_array().unwrap().last().unwrap();
    let note_file = base.path().join("fork.checkpoint");
    std::fs::write(&note_file, note.as_str().unwrap()).unwrap();
    let (code, out, _) = verify(&data, &bundle, &[&note_file]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("verification FAILED: fork:"), "{out}");
    // Without it, the bundle verifies.
    assert_eq!(verify(&data, &bundle, &[]).0, 0);
}

fn start_gateway(data: &Path, config: &Path) -> (Child, String) {
    let mut child = ferret()
        .arg("gateway")
        .arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut key = None;
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(k) = line.strip_prefix("audit log public key: ") {
                key = Some(k.to_string());
            }
            if let Some(url) = line.strip_prefix("ferret gateway listening on ") {
                let _ = tx.send((url.to_string(), key.take()));
            }
        }
    });
    let (url, key) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the gateway did not start");
    // The public key is printed at start, and is the one exported beside the private key.
    assert_eq!(
        key.as_deref(),
        Some(std::fs::read_to_string(public_key(data)).unwrap().trim())
    );
    (child, url)
}

#[test]
fn sigkill_mid_stream_loses_no_acknowledged_entry() {
    ferret_gateway::install_crypto_provider();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt
        .block_on(FakeServer::start(FakeConfig::default()))
        .unwrap();
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("data");
    let config = base.path().join("gateway.toml");
    std::fs::write(
        &config,
        format!(
            "[[model]]\nid = \"open-general\"\ntier = \"general\"\nupstream = \"{}\"\napi = \"openai\"\n",
            fake.base_url()
        ),
    )
    .unwrap();
    let (alice, reg) = populate(&data, Some(&config));
    let (child, url) = start_gateway(&data, &config);
    let child = Arc::new(Mutex::new(child));

    // 1,000 requests, 64 at a time; the gateway is killed once 300 have been answered.
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let answered = Arc::new(AtomicUsize::new(0));
    rt.block_on(async {
        let client = reqwest::Client::new();
        let sem = Arc::new(tokio::sync::Semaphore::new(64));
        let mut tasks = Vec::new();
        for i in 0..1000 {
            let permit = sem.clone().acquire_owned().await.unwrap();
            let (client, url, alice) = (client.clone(), url.clone(), alice.clone());
            let (acked, answered, child) = (acked.clone(), answered.clone(), child.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = permit;
                let r = client
                    .post(format!("{url}/v1/chat/completions"))
                    .bearer_auth(&alice)
                    .json(&serde_json::json!({"model": "open-general",
                        "messages": [{"role": "user", "content": format!("question {i}")}]}))
                    .send()
                    .await;
                if let Ok(r) = r
                    && let Some(rid) = r.headers().get("x-request-id")
                {
                    acked
                        .lock()
                        .unwrap()
                        .push(rid.to_str().unwrap().to_string());
                    if answered.fetch_add(1, Ordering::SeqCst) + 1 == 300 {
                        // SIGKILL, with requests in flight.
                        child.lock().unwrap().kill().unwrap();
                    }
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    });
    child.lock().unwrap().wait().unwrap();
    let acked = acked.lock().unwrap().clone();
    eprintln!("{} of 1000 requests answered before SIGKILL", acked.len());
    assert!(acked.len() >= 300, "{} answered", acked.len());
    assert!(acked.len() < 1000, "the gateway was not killed mid-stream");

    // Restarted on the same data directory, it serves proofs for what it acknowledged.
    let (mut child, url) = start_gateway(&data, &config);
    let (code, out, err) = run(ferret().args([
        "audit",
        "proof",
        &acked[acked.len() - 1],
        "--gateway",
        &url,
        "--public-key",
        public_key(&data).to_str().unwrap(),
        "--api-key",
        &reg,
    ]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("is included in the signed tree"), "{out}");
    // Checked against another log's key, the same proof fails.
    let other = base.path().join("other.key");
    std::fs::write(
        &other,
        ferret_audit::NoteSigner::from_seed("other.example/log", [9; 32])
            .verifier()
            .to_text(),
    )
    .unwrap();
    let (code, out, _) = run(ferret().args([
        "audit",
        "proof",
        &acked[0],
        "--gateway",
        &url,
        "--public-key",
        other.to_str().unwrap(),
        "--api-key",
        &reg,
    ]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("proof FAILED: the gateway's checkpoint"),
        "{out}"
    );
    // A user who is neither regulator nor admin may not fetch proofs.
    let (code, _, err) = run(ferret().args([
        "audit",
        "proof",
        &acked[0],
        "--gateway",
        &url,
        "--public-key",
        public_key(&data).to_str().unwrap(),
        "--api-key",
        &alice,
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("403"), "{err}");
    // A graceful stop (SIGTERM) right after a request leaves the log ending on a signed
    // checkpoint that covers it.
    let last = rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{url}/v1/chat/completions"))
            .bearer_auth(&alice)
            .json(&serde_json::json!({"model": "open-general",
                "messages": [{"role": "user", "content": "last"}]}))
            .send()
            .await
            .unwrap();
        r.headers()["x-request-id"].to_str().unwrap().to_string()
    });
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
    let recs = records(&data.join("audit").join("log"));
    assert_eq!(recs.last().map(|r| r.0), Some(b'S'));
    let last_entry = recs.iter().rev().find(|r| r.0 == b'E').unwrap();
    assert!(String::from_utf8_lossy(&last_entry.1).contains(&last));

    // Every answered request has its entry, and the whole log verifies offline.
    let bundle = base.path().join("after-crash.bundle");
    let (code, out, err) = export(&data, &bundle);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = verify(&data, &bundle, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let logged: std::collections::HashSet<String> = std::fs::read_to_string(&bundle)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            v["request_id"].as_str().map(str::to_string)
        })
        .collect();
    let missing: Vec<&String> = acked.iter().filter(|r| !logged.contains(*r)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not logged: {missing:?}"
    );
    eprintln!("{} request ids in the recovered log", logged.len());
}

/// Every file under a directory, with its bytes and mode.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, (Vec<u8>, u32)> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(snapshot(&e.path()));
        } else {
            use std::os::unix::fs::PermissionsExt;
            let mode = e.metadata().unwrap().permissions().mode();
            out.insert(e.path(), (std::fs::read(e.path()).unwrap(), mode));
        }
    }
    out
}

/// (offset, tag) of every record of a stored log.
fn record_offsets(path: &Path) -> Vec<(usize, u8)> {
    let data = std::fs::read(path).unwrap();
    let mut out = Vec::new();
    let mut at = 20;
    while at < data.len() {
        let len = u32::from_le_bytes(data[at + 1..at + 5].try_into().unwrap()) as usize;
        out.push((at, data[at]));
        at += 5 + len + 32;
    }
    out
}

#[test]
fn export_changes_nothing_and_a_damaged_record_header_is_refused_everywhere() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("data");
    populate(&data, None);
    let audit_dir = data.join("audit");
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["log", "log.mark"] {
            let mode = std::fs::metadata(audit_dir.join(f))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
    }
    let before = snapshot(&data);
    let (code, out, err) = export(&data, &base.path().join("a.bundle"));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(snapshot(&data), before, "export changed the data directory");

    // One byte: the tag of an entry record with acknowledged records after it.
    let log = audit_dir.join("log");
    let entries: Vec<usize> = record_offsets(&log)
        .into_iter()
        .filter(|r| r.1 == b'E')
        .map(|r| r.0)
        .collect();
    let off = entries[entries.len() / 2];
    let mut bytes = std::fs::read(&log).unwrap();
    bytes[off] = b'X';
    std::fs::write(&log, &bytes).unwrap();
    let damaged = snapshot(&data);
    let b = base.path().join("b.bundle");
    let (code, out, err) = export(&data, &b);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&format!("audit log is corrupt at byte {off}")),
        "{err}"
    );
    assert!(!b.exists(), "a bundle was written for a damaged log");
    // Nor does any gateway command cut it.
    let (code, out, err) = run(ferret()
        .arg("gateway")
        .arg("--data-dir")
        .arg(&data)
        .args(["org", "list"]));
    assert_ne!(code, 0, "{out}{err}");
    assert!(err.contains(&format!("corrupt at byte {off}")), "{err}");
    assert_eq!(snapshot(&data), damaged, "the damaged log was changed");
}

#[test]
fn a_rolled_back_log_is_refused_and_a_newer_checkpoint_fails_verify() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("data");
    populate(&data, None);
    let old_bundle = base.path().join("old.bundle");
    assert_eq!(export(&data, &old_bundle).0, 0);
    gw(
        &data,
        None,
        &["org", "create", "Later Org", "--country", "US"],
    );
    let new_bundle = base.path().join("new.bundle");
    assert_eq!(export(&data, &new_bundle).0, 0);
    let header: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&new_bundle)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let latest = header["checkpoints"].as_array().unwrap().last().unwrap();
    let cp = base.path().join("latest.checkpoint");
    std::fs::write(&cp, latest.as_str().unwrap()).unwrap();
    // A bundle older than a checkpoint the verifier holds: stale, or the log was rolled back.
    let (code, out, _) = verify(&data, &old_bundle, &[&cp]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the bundle is older than that checkpoint"),
        "{out}"
    );
    assert_eq!(verify(&data, &new_bundle, &[&cp]).0, 0);

    // Roll the log back to just after its previous signed checkpoint: every opener refuses it.
    let log = data.join("audit").join("log");
    let recs = record_offsets(&log);
    let signed: Vec<usize> = (0..recs.len()).filter(|&i| recs[i].1 == b'S').collect();
    let prev = signed[signed.len() - 2];
    let bytes = std::fs::read(&log).unwrap();
    std::fs::write(&log, &bytes[..recs[prev + 1].0]).unwrap();
    let rolled = snapshot(&data);
    let (code, out, err) = export(&data, &base.path().join("r.bundle"));
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("rolled back"), "{err}");
    let (code, out, err) = run(ferret()
        .arg("gateway")
        .arg("--data-dir")
        .arg(&data)
        .args(["org", "list"]));
    assert_ne!(code, 0, "{out}{err}");
    assert!(err.contains("rolled back"), "{err}");
    assert_eq!(snapshot(&data), rolled);
}
