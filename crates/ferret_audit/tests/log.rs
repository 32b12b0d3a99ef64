//! The durable log: persistence, group commit, crash recovery at any byte, several writers,
//! bundles and their verification against tampering and forks.

#![allow(clippy::result_large_err)]

use std::io::BufReader;
use std::path::Path;
use std::time::{Duration, Instant};

use ferret_audit::bundle::{self, Inconsistency};
use ferret_audit::log::{LOG_FILE, PUBLIC_KEY_FILE, SIGNING_KEY_FILE, read_public_key};
use ferret_audit::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use ferret_audit::{Entry, EntryKind, Log, LogError, LogOptions};

fn entry(i: u64, ts: i64) -> Entry {
    Entry {
        action: "model.access".into(),
        actor: format!("user:{}", i % 7),
        attrs: Default::default(),
        kind: EntryKind::Decision,
        outcome: if i.is_multiple_of(3) { "deny" } else { "allow" }.into(),
        policies: vec!["permit-general".into()],
        request_id: Some(format!("req-{i:04}")),
        subject: "open-general".into(),
        ts,
        v: 1,
    }
}

fn every_batch() -> LogOptions {
    LogOptions {
        checkpoint_interval: Duration::ZERO,
        origin: Some("test.example/audit".into()),
        ..LogOptions::default()
    }
}

fn open(dir: &Path) -> Log {
    Log::open(dir, every_batch()).unwrap()
}

fn export_lines(log: &Log) -> Vec<String> {
    let mut out = Vec::new();
    bundle::export(log, None, None, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn verify_lines(lines: &[String], log: &Log) -> Result<bundle::VerifyReport, Inconsistency> {
    let text = lines.join("\n") + "\n";
    bundle::verify(BufReader::new(text.as_bytes()), log.verifier(), &[])
}

#[test]
fn entries_survive_reopen_and_proofs_verify() {
    let dir = tempfile::tempdir().unwrap();
    let root = {
        let log = open(dir.path());
        assert!(log.recovery().key_created);
        for i in 0..10 {
            assert_eq!(log.append_blocking(&entry(i, 100 + i as i64)).unwrap(), i);
        }
        let cp = log.latest_checkpoint().unwrap();
        assert_eq!(cp.size, 10);
        log.verifier().open(&cp.note).unwrap();
        cp.root
    };
    let log = open(dir.path());
    assert!(!log.recovery().key_created);
    assert_eq!(log.recovery().torn_bytes, 0);
    assert_eq!(log.size(), 10);
    assert_eq!(log.root_at(10).unwrap(), root);
    let bytes = log.entry(4).unwrap().unwrap();
    assert_eq!(Entry::parse(&bytes).unwrap(), entry(4, 104));
    let p = log.inclusion_proof(4, 10).unwrap();
    assert!(verify_inclusion(4, 10, &leaf_hash(&bytes), &p, &root));
    let c = log.consistency_proof(3, 10).unwrap();
    assert!(verify_consistency(
        3,
        10,
        &log.root_at(3).unwrap(),
        &root,
        &c
    ));
    assert_eq!(log.find_request("req-0004"), vec![4]);
    // The key is private and its public half is exported beside it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(SIGNING_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        read_public_key(&dir.path().join(PUBLIC_KEY_FILE)).unwrap(),
        *log.verifier()
    );
}

#[test]
fn concurrent_appenders_all_get_distinct_durable_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let log = std::sync::Arc::new(Log::open(dir.path(), LogOptions::default()).unwrap());
    let mut handles = Vec::new();
    for t in 0..8u64 {
        let log = log.clone();
        handles.push(std::thread::spawn(move || {
            (0..40)
                .map(|i| log.append_blocking(&entry(t * 1000 + i, 1)).unwrap())
                .collect::<Vec<_>>()
        }));
    }
    let mut all: Vec<u64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (0..320).collect::<Vec<_>>());
    let root = log.root_at(320).unwrap();
    drop(log);
    let log = Log::open(dir.path(), LogOptions::default()).unwrap();
    assert_eq!(log.size(), 320);
    assert_eq!(log.root_at(320).unwrap(), root);
    // Closing signed a checkpoint over everything.
    assert_eq!(log.signed_size(), 320);
}

#[test]
fn recovery_after_a_cut_at_any_byte_keeps_every_committed_entry() {
    let dir = tempfile::tempdir().unwrap();
    // Batches of 1, 2 and 3 entries, each ending with a boundary record; remember the file
    // length after each batch.
    let mut boundaries = Vec::new();
    let origin_roots;
    {
        let log = Log::open(
            dir.path(),
            LogOptions {
                checkpoint_interval: Duration::from_secs(3600),
                ..every_batch()
            },
        )
        .unwrap();
        let mut n = 0;
        for batch in [1u64, 2, 3, 1] {
            std::thread::scope(|s| {
                for k in 0..batch {
                    let log = &log;
                    s.spawn(move || log.append_blocking(&entry(n + k, 5)).unwrap());
                }
            });
            n += batch;
        }
        origin_roots = (0..=n).map(|s| log.root_at(s).unwrap()).collect::<Vec<_>>();
        log.close();
    }
    let full = std::fs::read(dir.path().join(LOG_FILE)).unwrap();
    let key = std::fs::read(dir.path().join(SIGNING_KEY_FILE)).unwrap();
    // (entries, file length) after each boundary record (commit or checkpoint), as written.
    let magic_len = 20;
    boundaries.push((0u64, magic_len as u64));
    let (mut at, mut n) = (magic_len, 0u64);
    while at < full.len() {
        let len = u32::from_le_bytes(full[at + 1..at + 5].try_into().unwrap()) as usize;
        let end = at + 5 + len + 32;
        if full[at] == b'E' {
            n += 1;
        } else {
            boundaries.push((n, end as u64));
        }
        at = end;
    }
    assert!(boundaries.len() >= 5, "{boundaries:?}");
    for cut in (magic_len..=full.len()).step_by(3).chain([full.len() - 1]) {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(LOG_FILE), &full[..cut]).unwrap();
        std::fs::write(d.path().join(SIGNING_KEY_FILE), &key).unwrap();
        let log = open(d.path());
        // Every batch whose boundary record is complete survives; nothing after it does.
        let expected = boundaries
            .iter()
            .filter(|(_, len)| *len as usize <= cut)
            .map(|(n, _)| *n)
            .max()
            .unwrap();
        assert_eq!(log.size(), expected, "cut at {cut}");
        assert_eq!(
            log.root_at(expected).unwrap(),
            origin_roots[expected as usize]
        );
        // Recovered entries are signed at once, and the log accepts appends again.
        assert_eq!(log.signed_size(), expected);
        log.append_blocking(&entry(99, 6)).unwrap();
        assert_eq!(log.size(), expected + 1);
        let lines = export_lines(&log);
        verify_lines(&lines, &log).unwrap();
    }
}

#[test]
fn damage_before_a_boundary_is_refused_not_truncated() {
    let dir = tempfile::tempdir().unwrap();
    {
        let log = open(dir.path());
        for i in 0..4 {
            log.append_blocking(&entry(i, 1)).unwrap();
        }
    }
    let path = dir.path().join(LOG_FILE);
    let mut data = std::fs::read(&path).unwrap();
    let at = data.windows(8).position(|w| w == b"req-0001").unwrap();
    data[at + 4] = b'9';
    std::fs::write(&path, &data).unwrap();
    match Log::open(dir.path(), every_batch()) {
        Err(LogError::Corrupt { .. }) => {}
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // The file was left as it was.
    assert_eq!(std::fs::read(&path).unwrap(), data);
}

#[test]
fn two_writers_on_one_directory_interleave_safely() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(dir.path());
    let b = open(dir.path());
    for i in 0..6 {
        let w = if i % 2 == 0 { &a } else { &b };
        assert_eq!(w.append_blocking(&entry(i, 1)).unwrap(), i);
    }
    assert_eq!(b.size(), 6);
    // An idle writer follows the other's appends (and its checkpoints) without appending.
    b.append_blocking(&entry(6, 1)).unwrap();
    b.checkpoint_blocking().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while (a.size(), a.signed_size()) != (7, 7) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!((a.size(), a.signed_size()), (7, 7));
    assert_eq!(a.root_at(7).unwrap(), b.root_at(7).unwrap());
    drop(a);
    drop(b);
    let log = open(dir.path());
    assert_eq!(log.size(), 7);
    verify_lines(&export_lines(&log), &log).unwrap();
}

#[test]
fn the_timer_signs_waiting_entries() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::open(
        dir.path(),
        LogOptions {
            checkpoint_interval: Duration::from_millis(20),
            ..LogOptions::default()
        },
    )
    .unwrap();
    log.append_blocking(&entry(0, 1)).unwrap();
    log.append_blocking(&entry(1, 1)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while log.signed_size() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(log.signed_size(), 2);
}

fn tamper_and_verify(edit: impl Fn(&mut Vec<String>)) -> Inconsistency {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    for i in 0..8 {
        log.append_blocking(&entry(i, 1)).unwrap();
    }
    let mut lines = export_lines(&log);
    verify_lines(&lines, &log).unwrap();
    edit(&mut lines);
    verify_lines(&lines, &log).unwrap_err()
}

#[test]
fn a_changed_entry_in_a_bundle_is_named() {
    // Line 0 is the header; entry i is line i + 1.
    let e = tamper_and_verify(|l| l[3] = l[3].replace("\"allow\"", "\"deny\""));
    assert!(
        matches!(
            e,
            Inconsistency::Entry {
                first: 2,
                last: 2,
                ..
            }
        ),
        "{e}"
    );
    let msg = e.to_string();
    assert!(msg.contains("entry 2 (request id req-0002"), "{msg}");
    assert!(msg.contains("checkpoint #2 (tree size 3)"), "{msg}");
}

#[test]
fn a_deleted_entry_in_a_bundle_is_named() {
    let e = tamper_and_verify(|l| {
        l.remove(6);
    });
    assert!(
        matches!(
            e,
            Inconsistency::Entry {
                first: 5,
                last: 5,
                ..
            }
        ),
        "{e}"
    );
    // Deleting the last entry leaves the last checkpoint uncovered.
    let e = tamper_and_verify(|l| {
        l.pop();
    });
    assert!(matches!(e, Inconsistency::Missing { first: 7, .. }), "{e}");
}

#[test]
fn reordered_entries_in_a_bundle_are_named() {
    let e = tamper_and_verify(|l| l.swap(2, 3));
    assert!(
        matches!(
            e,
            Inconsistency::Entry {
                first: 1,
                last: 1,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn an_inserted_entry_in_a_bundle_is_named() {
    let e = tamper_and_verify(|l| {
        let forged = String::from_utf8(entry(500, 1).to_canonical()).unwrap();
        l.insert(3, forged);
    });
    assert!(
        matches!(
            e,
            Inconsistency::Entry {
                first: 2,
                last: 2,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("req-0500"), "{e}");
    let e = tamper_and_verify(|l| l.push(l[1].clone()));
    assert!(matches!(e, Inconsistency::Extra { index: 8, .. }), "{e}");
}

#[test]
fn a_forged_or_altered_checkpoint_is_refused() {
    let e = tamper_and_verify(|l| {
        let mut h: serde_json::Value = serde_json::from_str(&l[0]).unwrap();
        let note = h["checkpoints"][2]
            .as_str()
            .unwrap()
            .replacen("\n3\n", "\n4\n", 1);
        h["checkpoints"][2] = note.into();
        l[0] = h.to_string();
    });
    assert!(
        matches!(e, Inconsistency::Checkpoint { index: 2, .. }),
        "{e}"
    );
}

/// Two logs with the same key whose histories diverge at entry 3.
fn forked_logs() -> (tempfile::TempDir, Log, tempfile::TempDir, Log) {
    let da = tempfile::tempdir().unwrap();
    let a = open(da.path());
    let db = tempfile::tempdir().unwrap();
    for f in [SIGNING_KEY_FILE, PUBLIC_KEY_FILE] {
        std::fs::copy(da.path().join(f), db.path().join(f)).unwrap();
    }
    let b = open(db.path());
    for i in 0..8 {
        a.append_blocking(&entry(i, 1)).unwrap();
        let j = if i >= 3 { i + 100 } else { i };
        b.append_blocking(&entry(j, 1)).unwrap();
    }
    (da, a, db, b)
}

#[test]
fn a_forked_checkpoint_is_detected() {
    let (_da, a, _db, b) = forked_logs();
    let lines = export_lines(&a);
    let text = lines.join("\n") + "\n";
    // A checkpoint of the other history, of a size inside the bundle, given with --checkpoint.
    let other = b.checkpoints()[5].note.clone();
    let e = bundle::verify(BufReader::new(text.as_bytes()), a.verifier(), &[other]).unwrap_err();
    assert!(
        matches!(
            e,
            Inconsistency::Fork { later_size: 6, .. }
                | Inconsistency::Fork {
                    earlier_size: 6,
                    ..
                }
        ),
        "{e}"
    );
    // A checkpoint of the same size as one of the bundle's, with another root.
    let same = b.checkpoints()[7].note.clone();
    let e = bundle::verify(BufReader::new(text.as_bytes()), a.verifier(), &[same]).unwrap_err();
    assert!(
        e.to_string().contains("same tree size, different roots"),
        "{e}"
    );
    // Inside the bundle: the forged tree's checkpoint replaces one of the log's; the later
    // checkpoints still match the entries, so the replaced one is a fork, not altered entries.
    let mut h: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    h["checkpoints"][4] = b.checkpoints()[4].note.clone().into();
    let mut forged = lines.clone();
    forged[0] = h.to_string();
    let e = verify_lines(&forged, &a).unwrap_err();
    assert!(
        matches!(e, Inconsistency::Fork { ref earlier, earlier_size: 5, .. } if earlier == "#4"),
        "{e}"
    );
    // A consistent checkpoint obtained elsewhere joins the comparison and passes.
    let r = bundle::verify(
        BufReader::new(text.as_bytes()),
        a.verifier(),
        &[a.checkpoints()[7].note.clone()],
    )
    .unwrap();
    assert_eq!((r.entries, r.tree_size, r.checkpoints), (8, 8, 9));
    assert!(r.unchecked.is_empty());
}

#[test]
fn a_time_range_bundle_starts_mid_log_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    for i in 0..37 {
        log.append_blocking(&entry(i, 1000 + i as i64)).unwrap();
    }
    let mut out = Vec::new();
    let s = bundle::export(&log, Some(1013), Some(1020), &mut out).unwrap();
    assert_eq!((s.start, s.count), (13, 8));
    let r = bundle::verify(BufReader::new(out.as_slice()), log.verifier(), &[]).unwrap();
    assert_eq!((r.start, r.entries, r.tree_size), (13, 8, 21));
    // A checkpoint from before the bundle's first entry cannot be compared: it is reported as
    // unchecked, not as verified.
    let early = log.checkpoint_at(6).unwrap().note;
    let r = bundle::verify(BufReader::new(out.as_slice()), log.verifier(), &[early]).unwrap();
    assert_eq!(r.unchecked, vec![6]);
    // A wrong key refuses every checkpoint.
    let other = ferret_audit::NoteSigner::from_seed("test.example/audit", [3; 32]).verifier();
    assert!(matches!(
        bundle::verify(BufReader::new(out.as_slice()), &other, &[]),
        Err(Inconsistency::Checkpoint { index: 0, .. })
    ));
}

/// Rewrites entry record `index` of a stored log with new payload bytes and a recomputed
/// check value, as a careful attacker would.
fn rewrite_stored_entry(path: &Path, index: usize, edit: impl Fn(&[u8]) -> Vec<u8>) {
    let data = std::fs::read(path).unwrap();
    let mut out = data[..20].to_vec();
    let mut at = 20;
    let mut i = 0;
    while at < data.len() {
        let tag = data[at];
        let len = u32::from_le_bytes(data[at + 1..at + 5].try_into().unwrap()) as usize;
        let payload = &data[at + 5..at + 5 + len];
        let end = at + 5 + len + 32;
        if tag == b'E' {
            if i == index {
                let p = edit(payload);
                out.push(b'E');
                out.extend_from_slice(&(p.len() as u32).to_le_bytes());
                out.extend_from_slice(&p);
                out.extend_from_slice(&leaf_hash(&p));
            } else {
                out.extend_from_slice(&data[at..end]);
            }
            i += 1;
        } else {
            out.extend_from_slice(&data[at..end]);
        }
        at = end;
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn a_changed_entry_in_the_stored_log_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let verifier = {
        let log = open(dir.path());
        for i in 0..6 {
            log.append_blocking(&entry(i, 1)).unwrap();
        }
        log.verifier().clone()
    };
    let path = dir.path().join(LOG_FILE);
    rewrite_stored_entry(&path, 2, |p| {
        String::from_utf8_lossy(p)
            .replace("\"deny\"", "\"allow\"")
            .replace("\"allow\"", "\"deny\"")
            .into_bytes()
    });
    // The log refuses to open over damaged acknowledged data...
    assert!(matches!(
        Log::open(dir.path(), every_batch()),
        Err(LogError::Corrupt { .. })
    ));
    // ...and the raw export lets the verifier name the entry.
    let mut out = Vec::new();
    bundle::export_raw(&path, &verifier, &mut out).unwrap();
    let e = bundle::verify(BufReader::new(out.as_slice()), &verifier, &[]).unwrap_err();
    assert!(
        matches!(
            e,
            Inconsistency::Entry {
                first: 2,
                last: 2,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_given_checkpoint_newer_than_the_bundle_fails_unless_the_range_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    for i in 0..10 {
        log.append_blocking(&entry(i, 1000 + i as i64)).unwrap();
    }
    let mut stale = Vec::new();
    bundle::export(&log, None, None, &mut stale).unwrap();
    for i in 10..15 {
        log.append_blocking(&entry(i, 1000 + i as i64)).unwrap();
    }
    let newer = log.latest_checkpoint().unwrap().note;
    // A bundle older than a checkpoint the verifier holds (or a rolled-back log) fails.
    let e = bundle::verify(
        BufReader::new(stale.as_slice()),
        log.verifier(),
        std::slice::from_ref(&newer),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            Inconsistency::Behind {
                size: 15,
                bundle_size: 10,
                ..
            }
        ),
        "{e}"
    );
    // A bundle of a closed time range ends earlier by design: the checkpoint is only noted.
    let mut ranged = Vec::new();
    bundle::export(&log, Some(1003), Some(1006), &mut ranged).unwrap();
    let r = bundle::verify(
        BufReader::new(ranged.as_slice()),
        log.verifier(),
        std::slice::from_ref(&newer),
    )
    .unwrap();
    assert_eq!((r.start, r.entries, r.unchecked.clone()), (3, 4, vec![15]));
    assert_eq!((r.before_from.count, r.after_to.count), (0, 0));
    // Entries outside the header's time range are reported.
    let text = String::from_utf8(ranged).unwrap();
    let (head, rest) = text.split_once('\n').unwrap();
    let mut h: serde_json::Value = serde_json::from_str(head).unwrap();
    h["from_ts"] = 1005.into();
    h["to_ts"] = 1005.into();
    let edited = format!("{h}\n{rest}");
    let r = bundle::verify(BufReader::new(edited.as_bytes()), log.verifier(), &[]).unwrap();
    assert_eq!(
        (r.before_from.count, r.before_from.first, r.before_from.last),
        (2, Some(3), Some(4))
    );
    assert_eq!(
        (r.after_to.count, r.after_to.first, r.after_to.last),
        (1, Some(6), Some(6))
    );
}
