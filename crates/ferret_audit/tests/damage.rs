//! Damage, rollback and read-only access: a damaged record header with valid records after it
//! is refused (not cut as a torn tail), a genuinely torn tail is still cut, a log shorter than
//! its high-water mark or with another history is refused, keys are never overwritten, and a
//! read-only open changes nothing in the directory.

#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use ferret_audit::log::{LOG_FILE, PUBLIC_KEY_FILE, SIGNING_KEY_FILE};
use ferret_audit::mark::MARK_FILE;
use ferret_audit::{Entry, EntryKind, Log, LogError, LogOptions, TailKind, bundle};

/// An entry of about 2 KB, so that a few thousand make a log of several MiB.
fn entry(i: u64) -> Entry {
    Entry {
        action: "model.access".into(),
        actor: format!("user:{}", i % 7),
        attrs: [("pad".to_string(), "x".repeat(2000))].into(),
        kind: EntryKind::Decision,
        outcome: "allow".into(),
        policies: vec!["permit-general".into()],
        request_id: Some(format!("req-{i:05}")),
        subject: "open-general".into(),
        ts: 1000 + i as i64,
        v: 1,
    }
}

fn opts() -> LogOptions {
    LogOptions {
        checkpoint_interval: Duration::from_millis(5),
        origin: Some("test.example/audit".into()),
        ..LogOptions::default()
    }
}

/// A closed log of `n` entries written by 8 appenders (commit and checkpoint records mixed,
/// unless `every` signs every batch).
fn build(dir: &Path, n: u64, every: bool) {
    let o = if every {
        LogOptions {
            checkpoint_interval: Duration::ZERO,
            ..opts()
        }
    } else {
        opts()
    };
    let log = std::sync::Arc::new(Log::open(dir, o).unwrap());
    std::thread::scope(|s| {
        for t in 0..8 {
            let log = log.clone();
            s.spawn(move || {
                let mut i = t;
                while i < n {
                    log.append_blocking(&entry(i)).unwrap();
                    i += 8;
                }
            });
        }
    });
    log.close();
}

/// (offset, tag, payload length) of every record.
fn records(data: &[u8]) -> Vec<(usize, u8, usize)> {
    let mut out = Vec::new();
    let mut at = 20;
    while at + 5 <= data.len() {
        let len = u32::from_le_bytes(data[at + 1..at + 5].try_into().unwrap()) as usize;
        out.push((at, data[at], len));
        at += 5 + len + 32;
    }
    out
}

/// Every file of a directory with its bytes and mode.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let mode = {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    e.metadata().unwrap().permissions().mode()
                }
                #[cfg(not(unix))]
                0
            };
            (
                e.file_name().to_string_lossy().into_owned(),
                (std::fs::read(e.path()).unwrap(), mode),
            )
        })
        .collect()
}

fn expect_corrupt_at(dir: &Path, offset: usize, what: &str) {
    let before = snapshot(dir);
    for (how, r) in [
        ("open", Log::open(dir, opts())),
        ("read-only", Log::open_read_only(dir)),
    ] {
        match r {
            Err(LogError::Corrupt { offset: o, detail }) => {
                assert_eq!(o, offset as u64, "{what} ({how}): {detail}");
                assert!(detail.contains("follows at byte"), "{what}: {detail}");
            }
            other => panic!(
                "{what} ({how}): expected Corrupt, got {:?}",
                other.map(|l| l.size())
            ),
        }
        // Nothing was cut, moved or signed.
        assert_eq!(snapshot(dir), before, "{what} ({how})");
    }
}

#[test]
fn a_damaged_record_header_with_valid_records_after_it_is_refused_not_cut() {
    let base = tempfile::tempdir().unwrap();
    let good = base.path().join("good");
    build(&good, 2400, false);
    let data = std::fs::read(good.join(LOG_FILE)).unwrap();
    let recs = records(&data);
    // An entry with more than 1 MiB (and several checkpoints) after it.
    let &(off, tag, len) = recs
        .iter()
        .filter(|r| r.1 == b'E' && data.len() - r.0 > (3 << 20) / 2)
        .nth(600)
        .unwrap();
    assert_eq!(tag, b'E');
    let set_len =
        move |d: &mut Vec<u8>, l: u32| d[off + 1..off + 5].copy_from_slice(&l.to_le_bytes());
    type Edit = Box<dyn Fn(&mut Vec<u8>)>;
    let cases: Vec<(&str, Edit)> = vec![
        ("tag", Box::new(move |d| d[off] = b'X')),
        ("length 1 MiB", Box::new(move |d| set_len(d, 1 << 20))),
        ("length over 16 MiB", Box::new(move |d| d[off + 4] = 0x01)),
        (
            "length past the end",
            Box::new(move |d| {
                let l = (d.len() - off) as u32;
                set_len(d, l)
            }),
        ),
        (
            "length one short",
            Box::new(move |d| set_len(d, len as u32 - 1)),
        ),
        ("check value", Box::new(move |d| d[off + 5 + len] ^= 1)),
    ];
    for (what, edit) in cases {
        let dir = base.path().join(what.replace(' ', "-"));
        std::fs::create_dir_all(&dir).unwrap();
        for f in [LOG_FILE, SIGNING_KEY_FILE, PUBLIC_KEY_FILE, MARK_FILE] {
            std::fs::copy(good.join(f), dir.join(f)).unwrap();
        }
        let mut d = data.clone();
        edit(&mut d);
        std::fs::write(dir.join(LOG_FILE), &d).unwrap();
        expect_corrupt_at(&dir, off, what);
    }
}

#[test]
fn a_damaged_header_on_the_last_record_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let good = base.path().join("good");
    build(&good, 40, true);
    let data = std::fs::read(good.join(LOG_FILE)).unwrap();
    let &(off, tag, _) = records(&data).last().unwrap();
    assert_eq!(tag, b'S');
    for (what, edit) in [
        (
            "tag",
            Box::new(|d: &mut Vec<u8>| d[off] = b'E') as Box<dyn Fn(&mut Vec<u8>)>,
        ),
        ("length", Box::new(|d: &mut Vec<u8>| d[off + 3] = 0x07)),
    ] {
        let dir = base.path().join(what);
        std::fs::create_dir_all(&dir).unwrap();
        for f in [SIGNING_KEY_FILE, PUBLIC_KEY_FILE] {
            std::fs::copy(good.join(f), dir.join(f)).unwrap();
        }
        let mut d = data.clone();
        edit(&mut d);
        std::fs::write(dir.join(LOG_FILE), &d).unwrap();
        // Even without a high-water mark, the record is recognised under its real header.
        match Log::open(&dir, opts()) {
            Err(LogError::Corrupt { offset, detail }) => {
                assert_eq!(offset, off as u64, "{what}: {detail}");
                assert!(detail.contains("under another header"), "{what}: {detail}");
            }
            other => panic!(
                "{what}: expected Corrupt, got {:?}",
                other.map(|l| l.size())
            ),
        }
        assert_eq!(std::fs::read(dir.join(LOG_FILE)).unwrap(), d);
    }
}

#[test]
fn a_torn_tail_is_cut_and_other_unreadable_bytes_are_not_called_unacknowledged() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), 20, true);
    let path = dir.path().join(LOG_FILE);
    let data = std::fs::read(&path).unwrap();
    let recs = records(&data);
    let &(e_off, _, e_len) = recs.iter().find(|r| r.1 == b'E').unwrap();
    let entry_record = data[e_off..e_off + 5 + e_len + 32].to_vec();
    // An interrupted batch: one complete entry and half of the next.
    let mut torn = data.clone();
    torn.extend_from_slice(&entry_record);
    torn.extend_from_slice(&entry_record[..entry_record.len() / 2]);
    std::fs::write(&path, &torn).unwrap();
    {
        let log = Log::open(dir.path(), opts()).unwrap();
        let r = log.recovery();
        assert_eq!(r.torn_bytes, (torn.len() - data.len()) as u64);
        assert_eq!(
            r.torn,
            Some(TailKind::Torn {
                offset: (data.len() + entry_record.len()) as u64
            })
        );
        let copy = r.torn_copy.clone().unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), &torn[data.len()..]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(log.size(), 20);
    }
    // A complete record whose check fails, and nothing after it: cut, but not called torn.
    let data = std::fs::read(&path).unwrap();
    let mut bad = data.clone();
    let mut e = entry_record.clone();
    e[10] ^= 1;
    bad.extend_from_slice(&e);
    std::fs::write(&path, &bad).unwrap();
    let log = Log::open(dir.path(), opts()).unwrap();
    match &log.recovery().torn {
        Some(TailKind::Unexplained { offset, detail }) => {
            assert_eq!(*offset, data.len() as u64);
            assert!(detail.contains("check value"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(log.size(), 20);
}

fn copy_keys(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in [SIGNING_KEY_FILE, PUBLIC_KEY_FILE] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}

#[test]
fn a_log_shorter_than_its_high_water_mark_or_with_another_history_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), 30, true);
    let path = dir.path().join(LOG_FILE);
    let data = std::fs::read(&path).unwrap();
    // Cut just after an earlier signed checkpoint: a clean-looking, shorter log.
    let recs = records(&data);
    let &(s_off, _, s_len) = recs.iter().rev().filter(|r| r.1 == b'S').nth(2).unwrap();
    let cut = &data[..s_off + 5 + s_len + 32];
    std::fs::write(&path, cut).unwrap();
    let before = snapshot(dir.path());
    for r in [
        Log::open(dir.path(), opts()),
        Log::open_read_only(dir.path()),
    ] {
        match r {
            Err(LogError::Rollback { mark, size, detail }) => {
                assert_eq!(mark, 30);
                assert!(size < 30, "{size}");
                assert!(detail.contains("rolled back"), "{detail}");
            }
            other => panic!("expected Rollback, got {:?}", other.map(|l| l.size())),
        }
        assert_eq!(snapshot(dir.path()), before);
    }
    // A removed log is not recreated empty.
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(
        Log::open(dir.path(), opts()),
        Err(LogError::Rollback {
            mark: 30,
            size: 0,
            ..
        })
    ));
    assert!(!path.exists());
    // Another history of the same size, signed with the same key.
    let other = tempfile::tempdir().unwrap();
    copy_keys(dir.path(), other.path());
    {
        let log = Log::open(other.path(), opts()).unwrap();
        for i in 0..30 {
            log.append_blocking(&entry(i + 500)).unwrap();
        }
    }
    std::fs::copy(other.path().join(LOG_FILE), &path).unwrap();
    match Log::open(dir.path(), opts()) {
        Err(LogError::Rollback { detail, .. }) => {
            assert!(detail.contains("another history"), "{detail}")
        }
        other => panic!("expected Rollback, got {:?}", other.map(|l| l.size())),
    }
    // The way out: the mark moved aside is reported, and a new one is made from the log.
    std::fs::rename(dir.path().join(MARK_FILE), dir.path().join("old.mark")).unwrap();
    let log = Log::open(dir.path(), opts()).unwrap();
    assert_eq!(log.recovery().mark_created, Some(30));
    assert!(dir.path().join(MARK_FILE).exists());
}

#[test]
fn the_log_and_its_mark_are_private_and_the_mark_follows_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::open(dir.path(), opts()).unwrap();
    assert_eq!(log.recovery().mark_created, None);
    for i in 0..5 {
        log.append_blocking(&entry(i)).unwrap();
    }
    log.checkpoint_blocking().unwrap();
    let mark = std::fs::read_to_string(dir.path().join(MARK_FILE)).unwrap();
    let cp = log.latest_checkpoint().unwrap();
    assert_eq!(
        mark.lines().nth(1).unwrap(),
        format!("{} {}", cp.size, ferret_audit::merkle::hex(&cp.root))
    );
    #[cfg(unix)]
    for f in [LOG_FILE, MARK_FILE, SIGNING_KEY_FILE] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
}

#[cfg(unix)]
#[test]
fn a_log_created_readable_by_others_is_made_private_when_opened_for_writing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), 3, true);
    let path = dir.path().join(LOG_FILE);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A read-only open (export) changes nothing, permissions included.
    drop(Log::open_read_only(dir.path()).unwrap());
    assert_eq!(mode(&path), 0o644);
    drop(Log::open(dir.path(), opts()).unwrap());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_public_key_that_does_not_match_is_refused_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), 3, true);
    let public = dir.path().join(PUBLIC_KEY_FILE);
    let other = ferret_audit::NoteSigner::from_seed("evil.example/audit", [7; 32])
        .verifier()
        .to_text();
    std::fs::write(&public, format!("{other}\n")).unwrap();
    for r in [
        Log::open(dir.path(), opts()),
        Log::open_read_only(dir.path()),
    ] {
        assert!(
            matches!(r, Err(LogError::KeyMismatch(_))),
            "{:?}",
            r.map(|l| l.size())
        );
    }
    assert_eq!(
        std::fs::read_to_string(&public).unwrap(),
        format!("{other}\n")
    );
    // A removed signing key is not silently replaced by a new one.
    let d2 = tempfile::tempdir().unwrap();
    build(d2.path(), 3, true);
    std::fs::remove_file(d2.path().join(SIGNING_KEY_FILE)).unwrap();
    assert!(matches!(
        Log::open(d2.path(), opts()),
        Err(LogError::KeyMismatch(_))
    ));
    assert!(!d2.path().join(SIGNING_KEY_FILE).exists());
}

#[test]
fn a_read_only_open_exports_what_is_signed_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let unsigned = LogOptions {
        checkpoint_interval: Duration::from_secs(3600),
        ..opts()
    };
    {
        let log = Log::open(dir.path(), opts()).unwrap();
        for i in 0..6 {
            log.append_blocking(&entry(i)).unwrap();
        }
    }
    // Three acknowledged entries that no checkpoint covers yet (the writer never closes).
    let log = Log::open(dir.path(), unsigned).unwrap();
    for i in 6..9 {
        log.append_blocking(&entry(i)).unwrap();
    }
    std::mem::forget(log);
    // And a torn tail.
    let path = dir.path().join(LOG_FILE);
    let mut data = std::fs::read(&path).unwrap();
    data.extend_from_slice(b"E\x10\x00\x00\x00{\"partial");
    std::fs::write(&path, &data).unwrap();
    let before = snapshot(dir.path());
    let log = Log::open_read_only(dir.path()).unwrap();
    assert!(log.is_read_only());
    assert_eq!((log.size(), log.signed_size()), (9, 6));
    assert_eq!(log.recovery().torn_bytes, 14);
    assert!(matches!(log.recovery().torn, Some(TailKind::Torn { .. })));
    assert!(matches!(
        log.append_blocking(&entry(99)),
        Err(LogError::ReadOnly)
    ));
    assert!(matches!(log.checkpoint_blocking(), Err(LogError::ReadOnly)));
    let mut out = Vec::new();
    let s = bundle::export(&log, None, None, &mut out).unwrap();
    assert_eq!((s.start, s.count), (0, 6));
    bundle::verify(std::io::BufReader::new(out.as_slice()), log.verifier(), &[]).unwrap();
    drop(log);
    assert_eq!(snapshot(dir.path()), before);
}
