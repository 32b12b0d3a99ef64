//! Audit log figures: durable append throughput and latency under concurrency (group commit),
//! proof generation time, and offline verification time of a bundle of N entries.
//!
//! `cargo run --release -p ferret_audit --example audit_bench -- DIR ENTRIES`
//! (see `bench/audit.sh`). DIR must be on the disk being measured; it is emptied first.

use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferret_audit::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use ferret_audit::{Entry, EntryKind, Log, LogOptions, bundle};

/// A decision entry shaped like the gateway's (about 480 bytes of canonical JSON).
fn decision(i: u64) -> Entry {
    let h = |s: &str| {
        format!(
            "{:064x}",
            (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ s.len() as u128
        )
    };
    Entry {
        action: "model.access".into(),
        actor: format!("user:{}", i % 5000),
        attrs: [
            ("api", "openai".to_string()),
            ("facts_hash", h("facts")),
            ("key_id", format!("fk_{:016x}", i % 9000)),
            ("org_id", (i % 300).to_string()),
            ("policy_hash", h("policy")),
            ("tier", "lite".to_string()),
            ("user_id", (i % 5000).to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
        kind: EntryKind::Decision,
        outcome: if i.is_multiple_of(10) {
            "deny"
        } else {
            "allow"
        }
        .into(),
        policies: vec!["permit-lite-approved-orgs".into()],
        request_id: Some(format!("{:016x}", i.wrapping_mul(0x2545_f491_4f6c_dd1d))),
        subject: "frontier-lite".into(),
        ts: 1_795_000_000 + (i / 2000) as i64,
        v: 1,
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

/// `threads` appenders, `per_thread` appends each; returns (entries/s, p50 ms, p99 ms, batches).
fn appends(dir: &Path, threads: u64, per_thread: u64) -> (f64, f64, f64, u64) {
    let _ = std::fs::remove_dir_all(dir);
    let log = Arc::new(Log::open(dir, LogOptions::default()).unwrap());
    let t0 = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(per_thread as usize);
                for i in 0..per_thread {
                    let e = decision(t * per_thread + i);
                    let s = Instant::now();
                    log.append_blocking(&e).unwrap();
                    lat.push(s.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut lat: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    log.close();
    lat.sort_unstable();
    let n = threads * per_thread;
    // Boundary records (one per fsync'd batch, plus timer checkpoints).
    let data = std::fs::read(dir.join("log")).unwrap();
    let (mut at, mut batches) = (20usize, 0u64);
    while at < data.len() {
        let len = u32::from_le_bytes(data[at + 1..at + 5].try_into().unwrap()) as usize;
        if data[at] != b'E' {
            batches += 1;
        }
        at += 5 + len + 32;
    }
    (n as f64 / secs, pct(&lat, 0.5), pct(&lat, 0.99), batches)
}

/// Writes a bundle of `n` entries straight from an in-memory tree (no fsync), with a signed
/// checkpoint every `every` entries, then times its verification.
fn synth_verify(dir: &Path, n: u64, every: u64) {
    use ferret_audit::bundle::{BUNDLE_FORMAT, BundleHeader, ConsistencyStep};
    use ferret_audit::merkle::{CompactRange, Tree};
    let b64 = |h: &[u8; 32]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(h)
    };
    let signer = ferret_audit::NoteSigner::from_seed("bench.example/audit", [5; 32]);
    let entries_path = dir.join("synth.entries");
    let t0 = Instant::now();
    let mut tree = Tree::new();
    let mut range = CompactRange::new();
    let mut notes = Vec::new();
    let mut sizes = Vec::new();
    {
        let mut w =
            BufWriter::with_capacity(1 << 20, std::fs::File::create(&entries_path).unwrap());
        for i in 0..n {
            let b = decision(i).to_canonical();
            w.write_all(&b).unwrap();
            w.write_all(b"\n").unwrap();
            let l = leaf_hash(&b);
            tree.push(l);
            range.push(l);
            if (i + 1).is_multiple_of(every) || i + 1 == n {
                notes.push(signer.sign(i + 1, &range.root()));
                sizes.push(i + 1);
            }
        }
        w.flush().unwrap();
    }
    let consistency = sizes
        .windows(2)
        .map(|w| ConsistencyStep {
            from: w[0],
            to: w[1],
            proof: tree
                .consistency_proof(w[0], w[1])
                .unwrap()
                .iter()
                .map(b64)
                .collect(),
        })
        .collect();
    let header = BundleHeader {
        format: BUNDLE_FORMAT.into(),
        origin: signer.name().into(),
        public_key: signer.verifier().to_text(),
        start: 0,
        count: n,
        left: Vec::new(),
        checkpoints: notes,
        consistency,
        from_ts: None,
        to_ts: None,
    };
    drop(tree);
    let path = dir.join("synth.bundle");
    {
        let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).unwrap());
        serde_json::to_writer(&mut w, &header).unwrap();
        w.write_all(b"\n").unwrap();
        std::io::copy(&mut std::fs::File::open(&entries_path).unwrap(), &mut w).unwrap();
        w.flush().unwrap();
    }
    let _ = std::fs::remove_file(&entries_path);
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "synthetic bundle: {n} entries, {} checkpoints (one per {every} entries), {:.0} MB, built in {:.1} s",
        sizes.len(),
        size as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    for round in 0..2 {
        let t0 = Instant::now();
        let f = std::fs::File::open(&path).unwrap();
        let r = bundle::verify(
            BufReader::with_capacity(1 << 20, f),
            &signer.verifier(),
            &[],
        )
        .unwrap();
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "verify (round {round}, 1 thread): {} entries in {secs:.2} s = {:.2} M entries/s, {:.0} MB/s",
            r.entries,
            r.entries as f64 / secs / 1e6,
            size as f64 / secs / 1e6
        );
    }
    let _ = std::fs::remove_file(&path);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(
        args.get(1)
            .map_or("/tmp/ferret-audit-bench", String::as_str),
    )
    .to_path_buf();
    let n: u64 = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    std::fs::create_dir_all(&dir).unwrap();
    if args.get(3).map(String::as_str) == Some("synth") {
        synth_verify(&dir, n, 5000);
        return;
    }
    println!(
        "entry size: {} bytes of canonical JSON",
        decision(7).to_canonical().len()
    );

    println!("\n## Durable appends (fsync per group commit)");
    println!(
        "| appenders | entries | entries/s | p50 append ms | p99 append ms | fsync'd batches |"
    );
    println!("|---|---|---|---|---|---|");
    for (threads, per) in [(1u64, 2000u64), (16, 1000), (64, 500), (256, 200)] {
        let (rate, p50, p99, batches) = appends(&dir.join("append"), threads, per);
        println!(
            "| {threads} | {} | {rate:.0} | {p50:.3} | {p99:.3} | {batches} |",
            threads * per
        );
    }

    println!("\n## A log of {n} entries");
    let big = dir.join("big");
    let _ = std::fs::remove_dir_all(&big);
    let t0 = Instant::now();
    let log = Arc::new(Log::open(&big, LogOptions::default()).unwrap());
    // 8 appenders keep the writer's batches full.
    let handles: Vec<_> = (0..8u64)
        .map(|t| {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut i = t;
                while i < n {
                    log.append_blocking(&decision(i)).unwrap();
                    i += 8;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    log.checkpoint_blocking().unwrap();
    println!(
        "written in {:.1} s ({:.0} entries/s, 8 appenders); {} signed checkpoints",
        t0.elapsed().as_secs_f64(),
        n as f64 / t0.elapsed().as_secs_f64(),
        log.checkpoints().len()
    );
    let t0 = Instant::now();
    drop(Arc::try_unwrap(log).ok());
    let log = Log::open(&big, LogOptions::default()).unwrap();
    println!(
        "reopened (recovery scan, tree rebuilt) in {:.2} s",
        t0.elapsed().as_secs_f64()
    );

    // Proofs.
    let cp = log.latest_checkpoint().unwrap();
    let k = 10_000u64;
    let mut rng = 0x1234_5678_u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let idx: Vec<u64> = (0..k).map(|_| next() % cp.size).collect();
    let t0 = Instant::now();
    let proofs: Vec<_> = idx
        .iter()
        .map(|&i| log.inclusion_proof(i, cp.size).unwrap())
        .collect();
    let gen_incl = t0.elapsed().as_secs_f64() / k as f64 * 1e6;
    let leaves: Vec<_> = idx.iter().map(|&i| log.leaf(i).unwrap()).collect();
    let t0 = Instant::now();
    for ((i, p), l) in idx.iter().zip(&proofs).zip(&leaves) {
        assert!(verify_inclusion(*i, cp.size, l, p, &cp.root));
    }
    let ver_incl = t0.elapsed().as_secs_f64() / k as f64 * 1e6;
    let olds: Vec<u64> = (0..k).map(|_| 1 + next() % (cp.size - 1)).collect();
    let t0 = Instant::now();
    let cproofs: Vec<_> = olds
        .iter()
        .map(|&o| log.consistency_proof(o, cp.size).unwrap())
        .collect();
    let gen_cons = t0.elapsed().as_secs_f64() / k as f64 * 1e6;
    let roots: Vec<_> = olds.iter().map(|&o| log.root_at(o).unwrap()).collect();
    let t0 = Instant::now();
    for ((o, p), r) in olds.iter().zip(&cproofs).zip(&roots) {
        assert!(verify_consistency(*o, cp.size, r, &cp.root, p));
    }
    let ver_cons = t0.elapsed().as_secs_f64() / k as f64 * 1e6;
    let t0 = Instant::now();
    for &i in &idx[..1000] {
        let b = log.entry(i).unwrap().unwrap();
        std::hint::black_box(leaf_hash(&b));
    }
    let read = t0.elapsed().as_secs_f64() / 1000.0 * 1e6;
    println!(
        "inclusion proof: {gen_incl:.1} µs to produce, {ver_incl:.1} µs to verify \
         ({} hashes); consistency proof: {gen_cons:.1} µs to produce, {ver_cons:.1} µs to \
         verify; reading an entry: {read:.1} µs (averages over {k} random proofs)",
        proofs[0].len()
    );

    // Export and offline verification.
    let path = dir.join("big.bundle");
    let t0 = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).unwrap());
    let s = bundle::export(&log, None, None, &mut out).unwrap();
    out.flush().unwrap();
    drop(out);
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "bundle: {} entries, {} checkpoints, {:.0} MB, exported in {:.2} s",
        s.count,
        s.checkpoints,
        size as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    let key = log.verifier().clone();
    drop(log);
    for round in 0..2 {
        let t0 = Instant::now();
        let f = std::fs::File::open(&path).unwrap();
        let r = bundle::verify(BufReader::with_capacity(1 << 20, f), &key, &[]).unwrap();
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "verify (round {round}, 1 thread): {} entries in {secs:.2} s = {:.2} M entries/s, {:.0} MB/s",
            r.entries,
            r.entries as f64 / secs / 1e6,
            size as f64 / secs / 1e6
        );
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir_all(&big);
    let _ = std::fs::remove_dir_all(dir.join("append"));
}
