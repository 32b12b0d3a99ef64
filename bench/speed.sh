#!/usr/bin/env bash
# Speed benchmark: ferret vs Semgrep vs ripgrep on the pinned corpus that
# bench/corpus.sh builds. Every tool scans the same files, RUNS times each;
# the median wall time, lines/s/core, CPU use and peak RSS are reported as a
# Markdown table for docs/BENCHMARKS.md. See bench/README.md.
#
# Usage: bench/speed.sh [options]
#   --tools LIST     comma-separated subset of ferret,base,semgrep,rg (default:
#                    ferret,semgrep,rg, plus base when FERRET_BASE is set)
#   --quick          scan only a subset of the corpus (default subset: pypi,
#                    i.e. Django; override with FERRET_BENCH_QUICK) for smoke tests
#   --subset DIR     scan only DIR, relative to the corpus root (e.g. npm,
#                    crates/tokio-1.54.1)
#   --builtin        ferret and Semgrep both run Ferret's built-in default pack (every
#                    rules/<lang>/*.yaml whose confidence is not LOW: the rules
#                    `ferret scan` runs with no --config), the same YAML files for both
#   --runs N         timed runs per tool (default: 3)
#   --jobs N         threads/processes per tool (default: 2, or FERRET_BENCH_JOBS)
#   --no-warmup      do not read the target once into the page cache first
#   -h, --help       this text
#
# Environment (all optional):
#   FERRET              ferret binary (default: target/release/ferret of this repo)
#   FERRET_BASE         a second ferret binary (e.g. a build of the commit before a change),
#                       run as tool `base` with the same rules and arguments, its runs
#                       interleaved with ferret's, for a before/after comparison in one run
#   FERRET_RULES        ferret rules directory (default: bench/rules/ferret)
#   FERRET_EXTRA_ARGS   extra arguments for `ferret scan`; default:
#                       "--max-file-size 1G --timeout 600", the counterpart of
#                       Semgrep's settings below (ferret's defaults skip files
#                       over 5 MB and stop parsing a file after 10 s)
#   SEMGREP             semgrep executable; default: a venv with semgrep
#                       $SEMGREP_VERSION under $FERRET_BENCH_CACHE (installed by pip)
#   SEMGREP_VERSION     pinned Semgrep version (default: 1.185.0)
#   SEMGREP_RULES       Semgrep rules directory (default: bench/rules/semgrep)
#   SEMGREP_EXTRA_ARGS  default: "--max-target-bytes=0 --timeout=0", so that
#                       Semgrep, like the others, scans every file completely
#   RG                  ripgrep executable (default: rg; apt-get installs it if missing)
#   RG_LITERALS         literal list for rg -F -f (default: bench/rules/literals.txt)
#   FERRET_CORPUS_DIR   corpus (default: $HOME/.cache/ferret-corpus)
#   FERRET_BENCH_CACHE  semgrep venv and run logs (default: $HOME/.cache/ferret-bench)
set -euo pipefail
# The whole script is one { ... } block: bash reads it completely before running
# it, so editing this file while a benchmark runs cannot disturb that run.
{

# Settings that came from the environment, for the report's command line.
ENV_NAMES=()
for v in FERRET FERRET_BASE FERRET_RULES FERRET_EXTRA_ARGS SEMGREP SEMGREP_VERSION SEMGREP_RULES SEMGREP_EXTRA_ARGS RG RG_LITERALS FERRET_BENCH_JOBS FERRET_BENCH_QUICK; do
  [ -n "${!v+x}" ] && ENV_NAMES+=("$v")
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${FERRET_CORPUS_DIR:-$HOME/.cache/ferret-corpus}
CACHE=${FERRET_BENCH_CACHE:-$HOME/.cache/ferret-bench}
SEMGREP_VERSION=${SEMGREP_VERSION:-1.185.0}
SEMGREP_EXTRA_ARGS=${SEMGREP_EXTRA_ARGS---max-target-bytes=0 --timeout=0}
FERRET_EXTRA_ARGS=${FERRET_EXTRA_ARGS---max-file-size 1G --timeout 600}
JOBS=${FERRET_BENCH_JOBS:-2}
RUNS=3
TOOLS=ferret${FERRET_BASE:+,base},semgrep,rg
SUBSET=.
WARMUP=1
BUILTIN=0
ARGS_GIVEN=("$@")

log() { printf '[speed] %s\n' "$*" >&2; }
die() { printf '[speed] ERROR: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --tools) TOOLS=${2:?--tools needs a value}; shift 2 ;;
    --tools=*) TOOLS=${1#*=}; shift ;;
    --quick) SUBSET=${FERRET_BENCH_QUICK:-pypi}; shift ;;
    --builtin) BUILTIN=1; shift ;;
    --subset) SUBSET=${2:?--subset needs a value}; shift 2 ;;
    --subset=*) SUBSET=${1#*=}; shift ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    --runs=*) RUNS=${1#*=}; shift ;;
    --jobs) JOBS=${2:?--jobs needs a value}; shift 2 ;;
    --jobs=*) JOBS=${1#*=}; shift ;;
    --no-warmup) WARMUP=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"
for t in ${TOOLS//,/ }; do
  case "$t" in ferret|base|semgrep|rg) ;; *) die "unknown tool '$t' in --tools (ferret, base, semgrep, rg)" ;; esac
done

# Absolute path of a file given relative to the directory the script was
# started from (the tools run inside the corpus directory).
abspath() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }

[ -f "$CORPUS/.ferret/manifest.txt" ] && [ -f "$CORPUS/.ferret/stats.json" ] \
  || die "no corpus at $CORPUS: run bench/corpus.sh first (or set FERRET_CORPUS_DIR)"
SUBSET=${SUBSET%/}
[ -d "$CORPUS/$SUBSET" ] || die "subset '$SUBSET' is not a directory of the corpus"
command -v python3 >/dev/null || die "python3 is required"

SUDO_APT=0
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && SUDO_APT=1
APT_UPDATED=0
apt_install() { # package
  [ "$SUDO_APT" = 1 ] || return 1
  log "installing Debian package $1"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1; then
    [ "$APT_UPDATED" = 1 ] && return 1
    apt-get update -q >/dev/null 2>&1 || return 1
    APT_UPDATED=1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1 || return 1
  fi
}

# GNU time, for peak RSS and CPU time.
TIME_BIN=/usr/bin/time
if ! "$TIME_BIN" -v true >/dev/null 2>&1; then
  apt_install time || die "GNU time is required at /usr/bin/time (apt-get install time)"
fi

# ---- the built-in pack, for both scanners (--builtin) -------------------------
if [ "$BUILTIN" = 1 ]; then
  BUILTIN_DIR="$CACHE/builtin-rules"
  rm -rf "$BUILTIN_DIR" && mkdir -p "$BUILTIN_DIR"
  n=0
  for f in "$REPO"/rules/*/*.yaml; do
    grep -qE '^[[:space:]]*confidence:[[:space:]]*LOW' "$f" && continue
    cp "$f" "$BUILTIN_DIR/" && n=$((n + 1))
  done
  log "--builtin: $n rules of the default pack in $BUILTIN_DIR, for ferret and Semgrep"
  FERRET_RULES=$BUILTIN_DIR
  SEMGREP_RULES=$BUILTIN_DIR
fi

# ---- tools -----------------------------------------------------------------
declare -A CMD_DESC VERSION SKIP_REASON
SELECTED=()
for t in ${TOOLS//,/ }; do SELECTED+=("$t"); done

setup_ferret() {
  FERRET_BIN=$(abspath "${FERRET:-$REPO/target/release/ferret}")
  FERRET_RULES_ABS=$(abspath "${FERRET_RULES:-$REPO/bench/rules/ferret}")
  if [ ! -x "$FERRET_BIN" ]; then
    SKIP_REASON[ferret]="no ferret binary at ${FERRET:-target/release/ferret} (build it with 'cargo build --release', or set FERRET)"
    return 1
  fi
  [ -d "$FERRET_RULES_ABS" ] || [ -f "$FERRET_RULES_ABS" ] || { SKIP_REASON[ferret]="no rules at ${FERRET_RULES:-bench/rules/ferret}"; return 1; }
  VERSION[ferret]=$("$FERRET_BIN" --version 2>/dev/null | head -n 1 || true)
  [ -n "${VERSION[ferret]}" ] || VERSION[ferret]="ferret (version unknown)"
  CMD_DESC[ferret]="\"\$FERRET\" scan --no-cache --config ${FERRET_RULES:-bench/rules/ferret} --format json --output <out.json> -j $JOBS${FERRET_EXTRA_ARGS:+ $FERRET_EXTRA_ARGS} <target>"
}

setup_base() {
  [ -n "${FERRET_BASE:-}" ] || { SKIP_REASON[base]="FERRET_BASE is not set"; return 1; }
  BASE_BIN=$(abspath "$FERRET_BASE")
  [ -x "$BASE_BIN" ] || { SKIP_REASON[base]="FERRET_BASE=$FERRET_BASE is not executable"; return 1; }
  [ -n "${FERRET_RULES_ABS:-}" ] || FERRET_RULES_ABS=$(abspath "${FERRET_RULES:-$REPO/bench/rules/ferret}")
  VERSION[base]=$("$BASE_BIN" --version 2>/dev/null | head -n 1 || true)
  [ -n "${VERSION[base]}" ] || VERSION[base]="ferret (version unknown)"
  CMD_DESC[base]="\"\$FERRET_BASE\" scan --no-cache --config ${FERRET_RULES:-bench/rules/ferret} --format json --output <out.json> -j $JOBS${FERRET_EXTRA_ARGS:+ $FERRET_EXTRA_ARGS} <target>"
}

setup_semgrep() {
  SEMGREP_RULES_ABS=$(abspath "${SEMGREP_RULES:-$REPO/bench/rules/semgrep}")
  if [ -n "${SEMGREP:-}" ]; then
    SEMGREP_BIN=$(command -v "$SEMGREP" || true)
    [ -n "$SEMGREP_BIN" ] || { SKIP_REASON[semgrep]="SEMGREP=$SEMGREP is not executable"; return 1; }
  else
    local venv="$CACHE/semgrep-$SEMGREP_VERSION"
    SEMGREP_BIN="$venv/bin/semgrep"
    if [ "$("$SEMGREP_BIN" --version 2>/dev/null || true)" != "$SEMGREP_VERSION" ]; then
      log "installing semgrep==$SEMGREP_VERSION into $venv (pip)"
      rm -rf "$venv"
      mkdir -p "$CACHE"
      if ! { python3 -m venv "$venv" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "semgrep==$SEMGREP_VERSION"; } > "$CACHE/semgrep-install.log" 2>&1; then
        tail -n 20 "$CACHE/semgrep-install.log" >&2
        SKIP_REASON[semgrep]="pip install semgrep==$SEMGREP_VERSION failed (log: $CACHE/semgrep-install.log)"
        return 1
      fi
    fi
  fi
  VERSION[semgrep]="semgrep $("$SEMGREP_BIN" --version 2>/dev/null | head -n 1 || echo '?')"
  CMD_DESC[semgrep]="semgrep scan --metrics=off --disable-version-check --no-git-ignore -j $JOBS --project-root . --config ${SEMGREP_RULES:-bench/rules/semgrep} --json -o <out.json>${SEMGREP_EXTRA_ARGS:+ $SEMGREP_EXTRA_ARGS} <target>"
}

RG_TYPES=(-t c -t cpp -t java -t py -t js -t ts -t go -t rust -t ruby -t php)
setup_rg() {
  RG_LITERALS_ABS=$(abspath "${RG_LITERALS:-$REPO/bench/rules/literals.txt}")
  [ -f "$RG_LITERALS_ABS" ] || { SKIP_REASON[rg]="no literal list at ${RG_LITERALS:-bench/rules/literals.txt}"; return 1; }
  RG_BIN=$(command -v "${RG:-rg}" || true)
  if [ -z "$RG_BIN" ] && [ -z "${RG:-}" ]; then
    apt_install ripgrep || true
    RG_BIN=$(command -v rg || true)
  fi
  [ -n "$RG_BIN" ] || { SKIP_REASON[rg]="ripgrep not found (apt-get install ripgrep, or set RG)"; return 1; }
  VERSION[rg]=$("$RG_BIN" --version | head -n 1)
  CMD_DESC[rg]="rg -c -F -f bench/rules/literals.txt --no-ignore --hidden -g '!.ferret' -j $JOBS ${RG_TYPES[*]} <target>"
}

ACTIVE=()
for t in "${SELECTED[@]}"; do
  if "setup_$t"; then
    ACTIVE+=("$t")
  else
    log "skipping $t: ${SKIP_REASON[$t]}"
  fi
done
[ ${#ACTIVE[@]} -gt 0 ] || die "no tool left to run"
if [ "$BUILTIN" = 1 ]; then
  # The report names the pack, not this machine's cache directory.
  for t in "${ACTIVE[@]}"; do CMD_DESC[$t]=${CMD_DESC[$t]//$BUILTIN_DIR/<built-in default pack>}; done
fi

export SEMGREP_SEND_METRICS=off SEMGREP_ENABLE_VERSION_CHECK=0
# The command line of one tool run, in the array CMD.
build_cmd() { # tool out
  case "$1" in
    ferret|base)
      local bin=$FERRET_BIN
      [ "$1" = base ] && bin=$BASE_BIN
      # shellcheck disable=SC2206
      # --no-cache: every run is cold, as Semgrep's and ripgrep's are (a warm rescan is
      # measured separately, see docs/BENCHMARKS.md).
      CMD=("$bin" scan --no-cache --config "$FERRET_RULES_ABS" --format json --output "$2" -j "$JOBS"
           $FERRET_EXTRA_ARGS "$SUBSET") ;;
    semgrep)
      # shellcheck disable=SC2206
      CMD=("$SEMGREP_BIN" scan --metrics=off --disable-version-check --no-git-ignore -j "$JOBS"
           --project-root . --config "$SEMGREP_RULES_ABS" --json -o "$2" $SEMGREP_EXTRA_ARGS "$SUBSET") ;;
    rg)
      CMD=("$RG_BIN" -c -F -f "$RG_LITERALS_ABS" --no-ignore --hidden -g '!.ferret' -j "$JOBS"
           "${RG_TYPES[@]}" "$SUBSET") ;;
  esac
}

# ---- corpus size -------------------------------------------------------------
RUN_DIR="$CACHE/speed-runs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
if [ "$SUBSET" = . ]; then
  cp "$CORPUS/.ferret/stats.json" "$RUN_DIR/target-stats.json"
else
  log "counting lines of $SUBSET ..."
  python3 "$REPO/bench/count_lines.py" --json "$CORPUS/$SUBSET" > "$RUN_DIR/target-stats.json"
fi
MANIFEST_SHA=$(sha256sum "$CORPUS/.ferret/manifest.txt" | cut -c1-12)
N_PACKAGES=$(grep -c . "$CORPUS/.ferret/manifest.txt")

cd "$CORPUS"
if [ "$WARMUP" = 1 ]; then
  log "warming the page cache (reading $SUBSET once) ..."
  find "$SUBSET" -type f -print0 | xargs -0 cat > /dev/null
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
RESULTS="$RUN_DIR/runs.tsv"
: > "$RESULTS"
# Runs are interleaved (run 1 of every tool, then run 2, ...), so that a drift of the machine's
# state during the benchmark weighs on every tool alike.
declare -A FAILED
for i in $(seq 1 "$RUNS"); do
  for t in "${ACTIVE[@]}"; do
    [ -n "${FAILED[$t]:-}" ] && continue
    out="$RUN_DIR/$t.$i.out"; err="$RUN_DIR/$t.$i.err"; tv="$RUN_DIR/$t.$i.time"
    log "$t: run $i/$RUNS ..."
    # rg prints its counts on stdout; the others write JSON to $out.
    stdout="$RUN_DIR/$t.$i.stdout"
    [ "$t" = rg ] && stdout=$out
    build_cmd "$t" "$out"
    start=$(date +%s%N)
    set +e
    "$TIME_BIN" -v -o "$tv" "${CMD[@]}" > "$stdout" 2> "$err"
    rc=$?
    set -e
    end=$(date +%s%N)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$i" "$(( (end - start) / 1000 ))" "$rc" "$out" "$err" "$tv" >> "$RESULTS"
    ok=1
    # 1: findings (ferret, semgrep) or no match (rg); 3: ferret could not
    # scan some files (listed in its summary), which is still a full run.
    case "$t:$rc" in *:0|ferret:1|ferret:3|base:1|base:3|semgrep:1|rg:1) ;; *) ok=0 ;; esac
    if [ "$ok" = 0 ]; then
      log "$t failed (exit $rc); last lines of its stderr:"
      tail -n 15 "$err" >&2 || true
      FAILED[$t]=1
      continue
    fi
    log "$t: run $i took $(awk -v us=$(( (end - start) / 1000 )) 'BEGIN{printf "%.2f", us/1e6}') s"
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# ---- report --------------------------------------------------------------------
export_vars() {
  for t in ferret base semgrep rg; do
    printf '%s\t%s\t%s\t%s\n' "$t" "${VERSION[$t]:-}" "${CMD_DESC[$t]:-}" "${SKIP_REASON[$t]:-}"
  done
}
export_vars > "$RUN_DIR/tools.tsv"

CMDLINE="bench/speed.sh"
for a in "${ARGS_GIVEN[@]}"; do CMDLINE+=" $a"; done
# Environment settings, with paths shown relative to the repository or $HOME.
ENV_SET=""
for v in "${ENV_NAMES[@]}"; do
  val=${!v}
  val=${val//"$REPO"\//}
  val=${val//"$HOME"/\$HOME}
  ENV_SET+="$v='$val' "
done
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1 || true)
set +e
python3 - "$RUN_DIR" "$JOBS" "$RUNS" "$SUBSET" "$MANIFEST_SHA" "$N_PACKAGES" "$WARMUP" \
  "$(nproc 2>/dev/null || echo '?')" "${CPU_MODEL:-?}" "$LOAD_BEFORE" "$LOAD_AFTER" \
  "${ENV_SET}${CMDLINE}" "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')" <<'PY' | tee "$RUN_DIR/report.md"
import json, os, re, statistics, sys

(run_dir, jobs, runs, subset, manifest_sha, n_packages, warmup, nproc, cpu, load_before,
 load_after, cmdline, commit) = sys.argv[1:]
jobs = int(jobs)
stats = json.load(open(os.path.join(run_dir, "target-stats.json")))
lines = stats["total_lines"]

tools = {}
for row in open(os.path.join(run_dir, "tools.tsv")):
    name, version, cmd, skip = (row.rstrip("\n").split("\t") + ["", "", ""])[:4]
    tools[name] = {"version": version, "cmd": cmd, "skip": skip, "runs": []}

def parse_time(path):
    d = {}
    try:
        for l in open(path):
            l = l.strip()
            if l.startswith("User time (seconds):"):
                d["user"] = float(l.split(":")[1])
            elif l.startswith("System time (seconds):"):
                d["sys"] = float(l.split(":")[1])
            elif l.startswith("Maximum resident set size (kbytes):"):
                d["rss_kb"] = int(l.split(":")[1])
    except OSError:
        pass
    return d

def findings(tool, out):
    try:
        if tool == "rg":
            n = 0
            for l in open(out, errors="replace"):
                m = re.search(r":(\d+)$", l.strip())
                if m:
                    n += int(m.group(1))
            return n, None
        d = json.load(open(out))
        if isinstance(d, list):
            return len(d), None
        for key in ("results", "findings"):
            if isinstance(d.get(key), list):
                extra = None
                if tool == "semgrep":
                    extra = "%d files, %d errors" % (len(d.get("paths", {}).get("scanned", [])), len(d.get("errors", [])))
                elif isinstance(d.get("summary"), dict):
                    sm = d["summary"]
                    extra = "%s files, %s parsed, %s skipped" % (sm.get("files_scanned", "?"), sm.get("files_parsed", "?"), len(sm.get("file_issues", [])))
                return len(d[key]), extra
    except (OSError, ValueError, AttributeError):
        pass
    return None, None

for row in open(os.path.join(run_dir, "runs.tsv")):
    tool, i, us, rc, out, err, tv = row.rstrip("\n").split("\t")
    ok = rc in ("0", "1") or (tool in ("ferret", "base") and rc == "3")
    r = {"wall": int(us) / 1e6, "rc": int(rc), "ok": ok}
    r.update(parse_time(tv))
    r["findings"], r["extra"] = findings(tool, out) if ok else (None, None)
    tools[tool]["runs"].append(r)

def fmt_int(n):
    return "{:,}".format(n)

summary = {}
for name, t in tools.items():
    good = [r for r in t["runs"] if r["ok"]]
    if not t["runs"]:
        continue
    if len(good) != len(t["runs"]):
        t["failed"] = "exit %d" % t["runs"][-1]["rc"]
        continue
    med = statistics.median(r["wall"] for r in good)
    cpu_s = statistics.median((r.get("user", 0) + r.get("sys", 0)) for r in good)
    rss = max(r.get("rss_kb", 0) for r in good)
    summary[name] = {"median": med, "lps_core": lines / med / jobs, "cpu": cpu_s, "rss_mib": rss / 1024,
                     "runs": [r["wall"] for r in good], "findings": good[0]["findings"], "extra": good[0]["extra"]}

labels = {"ferret": "ferret", "base": "ferret base (FERRET_BASE)", "semgrep": "Semgrep", "rg": "ripgrep (literal floor)"}
langs = stats.get("languages", {})
target = "whole corpus" if subset == "." else "subset `%s`" % subset
print()
print("### Speed: %s, %s lines" % (target, fmt_int(lines)))
print()
print("Corpus: `bench/corpus.sh` (%s packages, manifest sha256 `%s…`); target: %s, %s lines in %s files, %d language(s) (%s)."
      % (n_packages, manifest_sha, target, fmt_int(lines), fmt_int(stats["total_files"]), len(langs),
         ", ".join("%s %s" % (k, fmt_int(v["lines"])) for k, v in sorted(langs.items(), key=lambda kv: -kv[1]["lines"]))))
print("Machine: %s cores (%s); %d jobs per tool; %s timed run(s) per tool%s; load average before %s, after %s (1, 5, 15 min). Repository commit `%s`."
      % (nproc, cpu, jobs, runs, " after a page-cache warm-up" if warmup == "1" else ", no warm-up", load_before, load_after, commit))
print()
print("| tool | version | median wall (s) | runs (s) | lines/s/core | CPU time (s) | cores used | peak RSS (MiB) | matches |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|")
for name in ("ferret", "base", "semgrep", "rg"):
    t = tools[name]
    if name in summary:
        s = summary[name]
        m = "" if s["findings"] is None else fmt_int(s["findings"])
        if s["extra"]:
            m += " (%s)" % s["extra"]
        print("| %s | %s | %.2f | %s | %s | %.1f | %.2f | %.0f | %s |" % (
            labels[name], t["version"], s["median"], " / ".join("%.2f" % w for w in s["runs"]),
            fmt_int(round(s["lps_core"])), s["cpu"], s["cpu"] / s["median"], s["rss_mib"], m))
    elif t.get("failed"):
        print("| %s | %s | failed (%s) | | | | | | |" % (labels[name], t["version"], t["failed"]))
    elif t["skip"]:
        print("| %s | | skipped: %s | | | | | | |" % (labels[name], t["skip"]))
print()
ratios = []
if "ferret" in summary:
    for other in ("semgrep", "rg"):
        if other in summary:
            ratios.append("ferret/%s = **%.2f×**" % (labels[other].split(" ")[0], summary[other]["median"] / summary["ferret"]["median"]))
if "ferret" in summary and "base" in summary:
    b, f = summary["base"], summary["ferret"]
    ratios.append("base/ferret wall = **%.3f×** (CPU %.3f×, peak RSS %.3f×; below 1 = ferret slower than base)"
                  % (b["median"] / f["median"], b["cpu"] / f["cpu"] if f["cpu"] else float("nan"),
                     b["rss_mib"] / f["rss_mib"] if f["rss_mib"] else float("nan")))
if ratios:
    print("Throughput ratios (same lines, higher = ferret faster): " + ", ".join(ratios) + ".")
else:
    print("Throughput ratios: n/a (ferret did not run).")
print()
print("Matches: findings for ferret and Semgrep (with the files each scanned, and skipped or errors, from its JSON); for ripgrep, lines containing one of the literals of `bench/rules/literals.txt`.")
print("lines/s/core = corpus lines / median wall seconds / %d jobs. Peak RSS is the largest of the runs (GNU time, largest single process)." % jobs)
print()
print("Command: `%s`" % cmdline)
print()
print("Tool invocations (cwd = corpus root, `<target>` = `%s`):" % subset)
for name in ("ferret", "base", "semgrep", "rg"):
    if tools[name]["cmd"] and (name in summary or tools[name].get("failed")):
        print("- %s: `%s`" % (labels[name], tools[name]["cmd"]))
sys.exit(1 if any(t.get("failed") for t in tools.values()) else 0)
PY
rc=${PIPESTATUS[0]}
set -e
log "run logs and report: $RUN_DIR"
[ "$rc" = 0 ] || log "at least one tool failed (see above)"
exit "$rc"
}
