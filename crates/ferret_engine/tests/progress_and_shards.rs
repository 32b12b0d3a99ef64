//! The engine's progress counters and its shard assignment.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;

use ferret_engine::{Progress, ScanOptions, Shard, shard_members};

#[test]
fn progress_counts_every_file_and_ends_finished() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rule.yaml"),
        "rules:\n  - id: t\n    languages: [python]\n    severity: ERROR\n    message: m\n    pattern: eval($X)\n",
    )
    .unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    for i in 0..5 {
        std::fs::write(src.join(format!("f{i}.py")), format!("eval(x{i})\n")).unwrap();
    }
    let prep = ferret_engine::Prepared::new(
        ferret_engine::load_rules(&[dir.path().join("rule.yaml")]).unwrap(),
    );
    let progress = Arc::new(Progress::default());
    let opts = ScanOptions {
        paths: vec![src],
        jobs: 2,
        progress: Some(progress.clone()),
        ..ScanOptions::default()
    };
    let report = ferret_engine::scan(&prep, &opts).unwrap();
    assert_eq!(report.findings.len(), 5);
    assert_eq!(progress.files_total.load(Relaxed), 5);
    assert_eq!(progress.files_done.load(Relaxed), 5);
    assert_eq!(
        progress.bytes_done.load(Relaxed),
        progress.bytes_total.load(Relaxed)
    );
    assert!(progress.finished.load(Relaxed));
}

#[test]
fn shards_partition_the_files_evenly_by_size() {
    let files: Vec<(String, u64)> = (0..40)
        .map(|i| (format!("f{i:02}"), 100 + (i * 37 % 11) * 50))
        .collect();
    let n = 4;
    let mut owner = vec![None; files.len()];
    let mut loads = vec![0u64; n];
    for (k, load) in loads.iter_mut().enumerate() {
        let m = shard_members(&files, Shard { index: k, count: n });
        for (i, is) in m.iter().enumerate() {
            if *is {
                assert!(owner[i].is_none(), "file {i} in two shards");
                owner[i] = Some(k);
                *load += files[i].1;
            }
        }
        // Deterministic.
        assert_eq!(m, shard_members(&files, Shard { index: k, count: n }));
    }
    assert!(owner.iter().all(Option::is_some));
    let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
    // Greedy largest-first is within one largest file of even.
    assert!(max - min <= 600, "{loads:?}");
    assert_eq!(
        "2/4".parse::<Shard>().unwrap(),
        Shard { index: 1, count: 4 }
    );
    for bad in ["0/4", "5/4", "x/4", "4", "1/0"] {
        assert!(bad.parse::<Shard>().is_err(), "{bad}");
    }
}
