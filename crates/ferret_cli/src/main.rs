//! The `ferret` binary: argument parsing, rule discovery, output files and exit codes. All the
//! work happens in the library crates; this file only wires them together.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use ferret_core::{ScanReport, Severity};
use ferret_engine::{Prepared, ScanOptions};
use ferret_report::{FsSources, SarifOptions, TextOptions};
use rule_load::{load_rule_set, load_rules};

#[cfg(feature = "gateway")]
mod audit_cmd;
mod autofix_cmd;
mod baseline;
mod config;
#[cfg(feature = "gateway")]
mod gateway_cmd;
mod progress;
mod rule_load;
mod triage_cmd;

const EXIT_HELP: &str = "\
Exit codes:
  0  no finding at or above --fail-on, and every file was scanned
  1  findings at or above --fail-on
  2  usage or configuration error (bad flag, bad rule file, missing path)
  3  the scan ran, but some files could not be scanned (parse error, timeout, read error)";

#[derive(Parser, Debug)]
#[command(
    name = "ferret",
    version,
    about = "Find security vulnerabilities in large, many-language codebases.",
    after_help = EXIT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan files and directories with Semgrep-compatible rules.
    #[command(after_help = EXIT_HELP)]
    Scan(Box<ScanArgs>),
    /// Run rule tests: each rule file against the annotated files beside it.
    Test {
        /// Directories or rule files to test.
        #[arg(default_value = "rules")]
        paths: Vec<PathBuf>,
        /// Print every test, not only failures.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Print the syntax tree of a file, or the compiled form of a pattern (for rule authors).
    Parse {
        /// The file to parse, or the pattern text with --pattern.
        input: String,
        /// Treat INPUT as a pattern.
        #[arg(long)]
        pattern: bool,
        /// Language (default: from the file name).
        #[arg(long, short)]
        lang: Option<String>,
    },
    /// Run the model pass over an earlier result: rank and dedupe the findings, have a model
    /// judge each with its context slice, verify positives, and (with --model-fix) propose fixes.
    Triage(Box<TriageArgs>),
    /// Join the outputs of sharded scans (SARIF) into one report, without duplicates.
    Merge {
        /// SARIF logs to join.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value = "sarif")]
        format: Format,
        /// Write the report to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// List or show rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Run or administer the policy gateway in front of restricted models.
    #[cfg(feature = "gateway")]
    Gateway(gateway_cmd::GatewayArgs),
    /// Export and verify the gateway's tamper-evident audit log, offline.
    #[cfg(feature = "gateway")]
    Audit(audit_cmd::AuditArgs),
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// Print a table of the rules (id, languages, CWE, severity, confidence).
    List {
        /// Rule files or directories (default: the built-in rules).
        #[arg(long = "config", short = 'c')]
        config: Vec<PathBuf>,
        /// `text` for a terminal, or `markdown` (how docs/rules.md is made).
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Print one rule's documentation.
    Show {
        /// The rule id.
        id: String,
        /// Rule files or directories (default: the built-in rules).
        #[arg(long = "config", short = 'c')]
        config: Vec<PathBuf>,
    },
}

/// Which built-in rules to run.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum Pack {
    /// No built-in rules (only `--config`).
    None,
    /// Built-in rules of medium and high confidence.
    Default,
    /// Every built-in rule, low-confidence ones included.
    All,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
    /// One self-contained HTML page with a filterable findings table.
    Html,
    /// JUnit XML: a test suite per rule, a failed test case per finding.
    Junit,
    /// GitLab's SAST report (schema 15.x).
    GitlabSast,
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files or directories to scan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Rule file or directory; repeatable. Without it, the built-in rules run.
    #[arg(long = "config", short = 'c')]
    config: Vec<PathBuf>,
    /// Built-in rules: `default` (medium and high confidence), `all`, or `none`. Without
    /// `--config` the default pack runs; with `--config`, built-in rules run only if this is given,
    /// in addition to the configured ones.
    #[arg(long, value_enum)]
    rules: Option<Pack>,
    /// Warnings become errors, as with Semgrep's `--strict`: a rule that cannot be compiled is
    /// refused (exit 2) instead of being skipped, and a file that could not be scanned (parse
    /// error, timeout, too deep, read error) makes the run exit 3. Without it such files are
    /// reported (summary, JSON `file_issues`, SARIF notifications) and do not change the exit
    /// code.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// Exit 1 when a finding has at least this severity (info, low, medium, high, critical),
    /// or `never`.
    #[arg(long, default_value = "info")]
    fail_on: String,
    /// Scan only files matching this glob; repeatable.
    #[arg(long)]
    include: Vec<String>,
    /// Skip files matching this glob; repeatable.
    #[arg(long)]
    exclude: Vec<String>,
    /// Also scan tests, test data, vendored dependencies and minified bundles, which are
    /// skipped by default (directories named test, tests, __tests__, testdata, vendor,
    /// third_party, node_modules, bower_components, .venv, .tox; test files such as *_test.go,
    /// test_*.py, *_test.cc, *_spec.rb, *.test.js, FooTest.java; *.min.js, *.min.css). A project with its own .ferretignore or .semgrepignore is not given the
    /// default list either.
    #[arg(long)]
    no_default_ignore: bool,
    /// Skip files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, default_value = "5M")]
    max_file_size: String,
    /// Per-file parse time limit, in seconds.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// Keep taint inside each function (no summaries across functions or files); for measuring
    /// what the interprocedural pass costs.
    #[arg(long)]
    taint_intraprocedural: bool,
    /// No colour in text output.
    #[arg(long)]
    no_color: bool,
    /// No summary on standard error.
    #[arg(long, short)]
    quiet: bool,
    /// No progress bar (it is drawn only when standard error is a terminal).
    #[arg(long)]
    no_progress: bool,
    /// Do not read or write the scan cache.
    #[arg(long)]
    no_cache: bool,
    /// The scan cache [default: $FERRET_CACHE_DIR/scan, else $XDG_CACHE_HOME/ferret/scan, else
    /// ~/.cache/ferret/scan]. Entries are keyed by content, rules, options and engine version.
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Scan only part K of N of the files (deterministic, balanced by size). Cross-file taint
    /// still sees every file, so the shards' findings together equal an unsharded scan's; join
    /// their outputs with `ferret merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Report only findings that are not in this earlier result (SARIF or Ferret JSON), matched
    /// by fingerprint, so they survive lines moving.
    #[arg(long, value_name = "FILE")]
    baseline_file: Option<PathBuf>,
    /// Report only findings that are new relative to this git ref (a scan of the ref's tree,
    /// checked out in a temporary worktree, with the same rules and options).
    #[arg(long, value_name = "REF")]
    baseline: Option<String>,
    /// Report only findings on lines changed relative to --diff-base (staged and unstaged
    /// changes, and untracked files): for pre-commit hooks and local review.
    #[arg(long)]
    diff: bool,
    /// The git ref --diff compares with.
    #[arg(long, value_name = "REF", default_value = "HEAD")]
    diff_base: String,
    /// Apply the rules' fixes (`fix:` / `fix-regex:`) to the files in place. Overlapping fixes:
    /// the first is applied and the others are reported as skipped.
    #[arg(long)]
    autofix: bool,
    /// With --autofix: show the lines each fix would change, and write nothing.
    #[arg(long, requires = "autofix")]
    dryrun: bool,
    /// Run the model pass on the findings (see `ferret triage --help` for its flags).
    #[arg(long)]
    triage: bool,
    #[command(flatten)]
    model: triage_cmd::ModelArgs,
}

#[derive(clap::Args, Debug)]
struct TriageArgs {
    /// A SARIF log (Ferret's, or another tool's).
    input: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Rules for checking fixes by a rescan (default: the built-in pack).
    #[arg(long = "config", short = 'c')]
    config: Vec<PathBuf>,
    /// Built-in rules for the rescan: default, all or none.
    #[arg(long, value_enum)]
    rules: Option<Pack>,
    /// No colour in text output.
    #[arg(long)]
    no_color: bool,
    /// No summary on standard error.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: triage_cmd::ModelArgs,
}

fn parse_size(s: &str) -> Result<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1024),
        Some('M') => (&s[..s.len() - 1], 1024 * 1024),
        Some('G') => (&s[..s.len() - 1], 1024 * 1024 * 1024),
        _ => (s, 1),
    };
    let n: u64 = num.trim().parse().with_context(|| {
        format!("invalid size `{s}` (expected bytes, or a number with K, M or G)")
    })?;
    Ok(n * mult)
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    if let (Command::Scan(args), Some(m)) = (&mut cli.command, matches.subcommand_matches("scan"))
        && let Err(e) = config::apply_scan(args, m)
    {
        eprintln!("error: {e:#}");
        return ExitCode::from(2);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => scan(*args),
        Command::Triage(args) => triage(*args),
        Command::Merge {
            inputs,
            format,
            output,
        } => merge(&inputs, format, output.as_deref()),
        Command::Test { paths, verbose } => test(&paths, verbose),
        Command::Rules { command } => rules(command),
        Command::Parse {
            input,
            pattern,
            lang,
        } => parse_cmd(&input, pattern, lang.as_deref()),
        #[cfg(feature = "gateway")]
        Command::Gateway(args) => gateway_cmd::run(args),
        #[cfg(feature = "gateway")]
        Command::Audit(args) => audit_cmd::run(args),
    }
}

fn scan(args: ScanArgs) -> Result<ExitCode> {
    let fail_on: Option<Severity> = match args.fail_on.as_str() {
        "never" | "none" => None,
        s => Some(
            s.parse()
                .map_err(|e: String| anyhow::anyhow!("--fail-on: {e}"))?,
        ),
    };
    if args.timeout.is_nan() || args.timeout <= 0.0 {
        bail!("--timeout must be positive");
    }
    let rules = load_rule_set(&args.config, args.rules, args.strict)?;
    let skipped_rules = rules.skipped.clone();
    let prep = std::sync::Arc::new(Prepared::new(rules.set));
    let mut opts = ScanOptions {
        paths: args.paths.clone(),
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        default_ignore: !args.no_default_ignore,
        max_file_size: parse_size(&args.max_file_size)?,
        jobs: args.jobs,
        ..ScanOptions::default()
    };
    opts.parse_limits.timeout = std::time::Duration::from_secs_f64(args.timeout);
    if args.taint_intraprocedural {
        opts.taint_scope = ferret_taint::Scope::Intraprocedural;
    }
    if !args.no_cache
        && let Some(dir) = args
            .cache_dir
            .clone()
            .or_else(ferret_engine::CacheOptions::default_dir)
    {
        opts.cache = Some(ferret_engine::CacheOptions {
            dir,
            rules_hash: rules.sources_hash,
        });
    }
    if let Some(sh) = &args.shard {
        opts.shard = Some(
            sh.parse()
                .map_err(|e: String| anyhow::anyhow!("--shard: {e}"))?,
        );
    }
    let bar = (!args.quiet && !args.no_progress && std::io::stderr().is_terminal())
        .then(|| progress::start(&mut opts));
    let scanned = ferret_engine::scan(&prep, &opts);
    if let Some(bar) = bar {
        bar.finish();
    }
    let mut report = scanned?;
    report.summary.skipped_rules = skipped_rules;
    let baseline = match (&args.baseline_file, &args.baseline) {
        (Some(_), Some(_)) => bail!("give --baseline or --baseline-file, not both"),
        (Some(file), None) => Some(baseline::from_file(file)?),
        (None, Some(git_ref)) => Some(baseline::from_git(git_ref, &prep, &opts)?),
        (None, None) => None,
    };
    if args.diff {
        let changed = baseline::changed_lines(&args.diff_base)?;
        let dropped = baseline::keep_changed(&mut report, &changed);
        if !args.quiet {
            eprintln!("diff: {dropped} findings outside the changed lines are not reported");
        }
    }
    if let Some(known) = baseline {
        let dropped = baseline::keep_new(&mut report, &known);
        if !args.quiet {
            eprintln!("baseline: {dropped} findings also in the baseline are not reported");
        }
    }
    if args.triage || args.model.model_dry_run {
        let rescan = ferret_model::EngineRescan::new(prep.clone(), opts.clone());
        triage_cmd::run_pass(&mut report, &args.model, Some(rescan), &args.paths)?;
    }
    write_report(args.format, args.output.as_deref(), args.no_color, &report)?;
    if args.autofix {
        // A dry run's changes follow a text report on standard output; otherwise standard
        // error keeps a machine-readable report clean.
        if args.dryrun && args.format == Format::Text && args.output.is_none() {
            autofix_cmd::run(&report, true, args.quiet, &mut std::io::stdout().lock())?;
        } else {
            autofix_cmd::run(
                &report,
                args.dryrun,
                args.quiet,
                &mut std::io::stderr().lock(),
            )?;
        }
    }
    if !args.quiet {
        print_summaries(&report, args.no_color)?;
    }
    // Findings the model judged false positives do not fail the run.
    let worst = report
        .findings
        .iter()
        .filter(|f| {
            f.triage.as_ref().and_then(|t| t.verdict) != Some(ferret_core::Verdict::FalsePositive)
        })
        .map(|f| f.severity)
        .max();
    if let (Some(threshold), Some(worst)) = (fail_on, worst)
        && worst >= threshold
    {
        return Ok(ExitCode::from(1));
    }
    if args.strict && report.summary.has_failures() {
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summaries(report: &ScanReport, no_color: bool) -> Result<()> {
    let color =
        std::io::stderr().is_terminal() && !no_color && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    if report.summary.files_scanned > 0 {
        ferret_report::write_summary(&mut err, &report.summary, color)?;
    }
    if let Some(m) = &report.model_run {
        ferret_report::write_model_summary(&mut err, m, color)?;
    }
    Ok(())
}

fn merge(inputs: &[PathBuf], format: Format, output: Option<&std::path::Path>) -> Result<ExitCode> {
    let mut reports = Vec::with_capacity(inputs.len());
    for p in inputs {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        reports.push(
            ferret_report::read_sarif(&text).with_context(|| format!("reading {}", p.display()))?,
        );
    }
    let merged = ferret_report::merge_reports(reports);
    write_report(format, output, false, &merged)?;
    Ok(ExitCode::SUCCESS)
}

fn triage(args: TriageArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.input)
        .with_context(|| format!("reading {}", args.input.display()))?;
    let mut report = ferret_report::read_sarif(&text)
        .with_context(|| format!("reading {}", args.input.display()))?;
    // Fixes are checked by a rescan with the default scan options (there was no scan here).
    let rescan = if args.model.model_fix {
        let prep = Prepared::new(load_rule_set(&args.config, args.rules, false)?.set);
        Some(ferret_model::EngineRescan::new(
            std::sync::Arc::new(prep),
            ScanOptions::default(),
        ))
    } else {
        None
    };
    let roots: Vec<PathBuf> = vec![PathBuf::from(".")];
    triage_cmd::run_pass(&mut report, &args.model, rescan, &roots)?;
    if args.model.model_dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    write_report(args.format, args.output.as_deref(), args.no_color, &report)?;
    if !args.quiet {
        print_summaries(&report, args.no_color)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_report(
    format: Format,
    output: Option<&std::path::Path>,
    no_color: bool,
    report: &ScanReport,
) -> Result<()> {
    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    let color = to_terminal && !no_color && std::env::var_os("NO_COLOR").is_none();
    let mut buf: Vec<u8> = Vec::new();
    match format {
        Format::Text => {
            let opts = TextOptions {
                color,
                ..TextOptions::default()
            };
            ferret_report::write_text(&mut buf, report, &FsSources, &opts)?;
        }
        Format::Json => {
            buf = ferret_report::to_json(report)?.into_bytes();
            buf.push(b'\n');
        }
        Format::Html => {
            ferret_report::write_html(&mut buf, report, &FsSources)?;
        }
        Format::Junit => {
            buf = ferret_report::to_junit(report).into_bytes();
        }
        Format::GitlabSast => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            buf = ferret_report::to_gitlab_sast(report, now)?.into_bytes();
            buf.push(b'\n');
        }
        Format::Sarif => {
            let root = std::env::current_dir()
                .ok()
                .map(|d| format!("file://{}/", d.to_string_lossy().trim_end_matches('/')));
            buf = ferret_report::to_sarif(report, &SarifOptions { src_root: root })?.into_bytes();
            buf.push(b'\n');
        }
    }
    match output {
        Some(path) => {
            if let Some(parent) = path.parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let tmp = path.with_extension("ferret-tmp");
            std::fs::write(&tmp, &buf).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    Ok(())
}

fn test(paths: &[PathBuf], verbose: bool) -> Result<ExitCode> {
    let mut passed = 0;
    let mut failed = 0;
    let mut todo = 0;
    let mut out = std::io::stdout().lock();
    for path in paths {
        if !path.exists() {
            bail!("{}: no such file or directory", path.display());
        }
        let report = ferret_engine::testing::run_tests(path);
        for (file, err) in &report.errors {
            writeln!(out, "ERROR {}: {err}", file.display())?;
        }
        for t in &report.tests {
            todo += t.todo.len();
            if t.passed() {
                if verbose {
                    writeln!(out, "ok    {} ({})", t.rule_id, t.target.display())?;
                }
            } else {
                writeln!(out, "FAIL  {} ({})", t.rule_id, t.target.display())?;
                let fmt = |v: &dyn Fn() -> Vec<usize>| {
                    v().iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                writeln!(
                    out,
                    "      expected lines: [{}]",
                    fmt(&|| t.expected.iter().copied().collect())
                )?;
                writeln!(
                    out,
                    "      reported lines: [{}]",
                    fmt(&|| t.actual.iter().copied().collect())
                )?;
                if !t.missed.is_empty() {
                    writeln!(out, "      missed:         [{}]", fmt(&|| t.missed.clone()))?;
                }
                if !t.unexpected.is_empty() {
                    writeln!(
                        out,
                        "      unexpected:     [{}]",
                        fmt(&|| t.unexpected.clone())
                    )?;
                }
            }
        }
        for t in &report.fixes {
            if !t.passed {
                writeln!(
                    out,
                    "FAIL  autofix ({}): differs from {} at line {}",
                    t.target.display(),
                    t.fixed.display(),
                    t.first_difference.unwrap_or(1)
                )?;
            } else if verbose {
                writeln!(out, "ok    autofix ({})", t.target.display())?;
            }
        }
        passed += report.passed();
        failed += report.failed();
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    if todo > 0 {
        writeln!(
            out,
            "({todo} todo annotation(s): known gaps, checked to still hold as in semgrep --test)"
        )?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The rule catalogue as Markdown; `docs/rules.md` is this output for the built-in rules.
fn rules_markdown(set: &ferret_rules::RuleSet) -> String {
    let mut s = String::from(
        "# Built-in rules\n\nGenerated by `ferret rules list --format markdown`; a test keeps it current.\n\n",
    );
    s.push_str(&format!("{} rules.\n\n", set.rules.len()));
    s.push_str("| id | languages | CWE | severity | confidence | mode | what it finds |\n|---|---|---|---|---|---|---|\n");
    for r in &set.rules {
        let cwe = r
            .info
            .cwe
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let desc = r.info.short_description.replace('|', "\\|");
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            r.info.id,
            r.info.languages.join(", "),
            cwe,
            r.info.severity,
            r.info.confidence,
            if r.info.taint { "taint" } else { "search" },
            desc
        ));
    }
    s
}

fn parse_cmd(input: &str, pattern: bool, lang: Option<&str>) -> Result<ExitCode> {
    let lang: Option<ferret_lang::Language> = lang.map(str::parse).transpose()?;
    if pattern {
        let lang = lang.context("--pattern needs --lang")?;
        let p = ferret_pattern::Pattern::compile(lang, input)?;
        let _ = writeln!(
            std::io::stdout(),
            "{:#?}\nliterals: {:?}",
            p.root,
            p.prefilter_literals()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let path = std::path::Path::new(input);
    let bytes = std::fs::read(path).with_context(|| format!("reading {input}"))?;
    let lang = match lang {
        Some(l) => l,
        None => {
            ferret_lang::Language::detect(path, &bytes).context("unknown language; pass --lang")?
        }
    };
    let parsed = ferret_lang::parse(lang, &bytes, &ferret_lang::ParseLimits::default())?;
    let mut cursor = parsed.tree.walk();
    let mut out = std::io::stdout().lock();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        if n.is_named() || n.child_count() == 0 {
            let field = cursor
                .field_name()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            let text = if n.child_count() == 0 {
                format!(
                    " {:?}",
                    String::from_utf8_lossy(&bytes[n.start_byte()..n.end_byte()])
                )
            } else {
                String::new()
            };
            let line = format!(
                "{}{field}{}{} [{}]{text}",
                "  ".repeat(depth),
                n.kind(),
                if n.is_named() { "" } else { " (anon)" },
                n.start_position().row + 1
            );
            // A closed pipe (`| head`) ends the listing quietly.
            if writeln!(out, "{line}").is_err() {
                return Ok(ExitCode::SUCCESS);
            }
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Ok(ExitCode::SUCCESS);
            }
            depth -= 1;
        }
    }
}

fn rules(command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::List { config, format } => {
            let set = load_rules(&config)?;
            let mut out = std::io::stdout().lock();
            if format == "markdown" {
                write!(out, "{}", rules_markdown(&set))?;
                return Ok(ExitCode::SUCCESS);
            }
            if format != "text" {
                bail!("--format must be text or markdown");
            }
            writeln!(
                out,
                "{:<52} {:<22} {:<10} {:<8} {:<10}",
                "ID", "LANGUAGES", "CWE", "SEVERITY", "CONFIDENCE"
            )?;
            for r in &set.rules {
                let cwe = r
                    .info
                    .cwe
                    .first()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "-".into());
                writeln!(
                    out,
                    "{:<52} {:<22} {:<10} {:<8} {:<10}",
                    r.info.id,
                    r.info.languages.join(","),
                    cwe,
                    r.info.severity,
                    r.info.confidence
                )?;
            }
            writeln!(out, "{} rules", set.rules.len())?;
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Show { id, config } => {
            let set = load_rules(&config)?;
            let Some(r) = set.rules.iter().find(|r| r.info.id == id) else {
                bail!("no rule with id `{id}`");
            };
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}\n", r.info.id)?;
            writeln!(
                out,
                "severity: {}   confidence: {}",
                r.info.severity, r.info.confidence
            )?;
            writeln!(out, "languages: {}", r.info.languages.join(", "))?;
            if !r.info.cwe.is_empty() {
                writeln!(
                    out,
                    "cwe: {}",
                    r.info
                        .cwe
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
            if !r.info.owasp.is_empty() {
                writeln!(out, "owasp: {}", r.info.owasp.join(", "))?;
            }
            writeln!(out, "\n{}", r.info.help)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
