#!/usr/bin/env bash
# Audit log figures (docs/BENCHMARKS.md): durable append throughput and latency under
# concurrency, proof times, and offline verification of an N-entry bundle.
#
#   bench/audit.sh [ENTRIES] [DIR]          (default 1000000 entries, DIR under $TMPDIR)
#   bench/audit.sh 10000000 DIR synth       verification only, of a bundle built in memory
#                                           (one checkpoint per 5000 entries)
#
# DIR must be on the disk to measure (fsync); it is emptied and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES="${1:-1000000}"
DIR="${2:-${TMPDIR:-/tmp}/ferret-audit-bench}"
cargo build --release -p ferret_audit --example audit_bench
exec target/release/examples/audit_bench "$DIR" "$ENTRIES" "${3:-}"
