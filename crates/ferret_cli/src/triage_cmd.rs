//! The model pass from the command line: `ferret triage RESULTS.sarif` and `ferret scan
//! --triage`. Settings come from flags, then from the `[model]` table of the nearest
//! `ferret.toml`; the API key only from the environment. Nothing is sent anywhere unless one of
//! these commands is run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use ferret_core::{ScanReport, Verdict};
use ferret_model::{
    EngineRescan, ModelSpec, Pass, PassOptions, Prices, Provider, ProviderConfig, Rescan, Sources,
};
use serde::Deserialize;

/// Flags of the model pass (shared by `scan` and `triage`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModelArgs {
    /// Model: `openai:NAME`, `openai-responses:NAME` or `anthropic:NAME`. The key comes from
    /// FERRET_MODEL_API_KEY, OPENAI_API_KEY or ANTHROPIC_API_KEY.
    #[arg(long)]
    pub model: Option<String>,
    /// Endpoint base URL (default: the provider's; a Ferret gateway works too).
    #[arg(long)]
    pub model_base_url: Option<String>,
    /// Token budget of the pass; candidates it does not reach are reported `unreviewed`.
    #[arg(long)]
    pub model_budget: Option<u64>,
    /// Token cap of one candidate's context slice (bytes / 4) [default: 4000].
    #[arg(long)]
    pub model_max_slice_tokens: Option<usize>,
    /// Requests in flight at once [default: 4].
    #[arg(long)]
    pub model_concurrency: Option<usize>,
    /// Verdict cache directory [default: $FERRET_CACHE_DIR/model, else
    /// $XDG_CACHE_HOME/ferret/model, else ~/.cache/ferret/model].
    #[arg(long)]
    pub model_cache: Option<PathBuf>,
    /// Do not read or write the verdict cache.
    #[arg(long)]
    pub no_model_cache: bool,
    /// Ask for a fix of every confirmed finding; a fix is accepted only if a rescan of the
    /// patched file clears the finding without new ones.
    #[arg(long)]
    pub model_fix: bool,
    /// Verify positive verdicts of candidates at or above this priority (severity 1-5 × rule
    /// confidence 0.4-1, ×1.25 with a dataflow path) [default: 2.5].
    #[arg(long)]
    pub model_verify_priority: Option<f64>,
    /// Price of a million uncached input tokens, in US dollars (for the cost estimate).
    #[arg(long)]
    pub model_price_input: Option<f64>,
    /// Price of a million output tokens, in US dollars.
    #[arg(long)]
    pub model_price_output: Option<f64>,
    /// Price of a million cached input tokens, in US dollars [default: the input price].
    #[arg(long)]
    pub model_price_cached: Option<f64>,
    /// Extra header for every model request, `NAME: VALUE`; repeatable.
    #[arg(long = "model-header")]
    pub model_headers: Vec<String>,
    /// Build the slices and print what the pass would send, without sending anything.
    #[arg(long)]
    pub model_dry_run: bool,
    /// Leave findings the model judged false positives out of the report.
    #[arg(long)]
    pub hide_false_positives: bool,
}

/// The `[model]` table of `ferret.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelToml {
    model: Option<String>,
    base_url: Option<String>,
    budget: Option<u64>,
    max_slice_tokens: Option<usize>,
    concurrency: Option<usize>,
    cache_dir: Option<PathBuf>,
    fix: Option<bool>,
    verify_priority: Option<f64>,
    headers: Option<std::collections::BTreeMap<String, String>>,
    prices: Option<PricesToml>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PricesToml {
    input: f64,
    output: f64,
    cached_input: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
struct FerretToml {
    model: Option<ModelToml>,
}

/// The nearest `ferret.toml`: `$FERRET_CONFIG`, else the current directory and its parents
/// up to the repository root (the first directory holding `.git`).
pub fn find_config() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FERRET_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join("ferret.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
    }
}

fn load_toml(path: &Path) -> Result<ModelToml> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc: FerretToml =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    Ok(doc.model.unwrap_or_default())
}

/// Everything the pass needs, flags over `ferret.toml`.
struct Settings {
    spec: ModelSpec,
    provider: ProviderConfig,
    opts: PassOptions,
}

fn settings(args: &ModelArgs) -> Result<Settings> {
    let file = match find_config() {
        Some(p) => load_toml(&p)?,
        None => ModelToml::default(),
    };
    let model = args.model.clone().or(file.model).context(
        "the model pass needs a model: --model openai:NAME | anthropic:NAME (or `model` in the [model] table of ferret.toml)",
    )?;
    let spec: ModelSpec = model.parse()?;
    let mut provider = ProviderConfig::new(spec.clone());
    if let Some(url) = args.model_base_url.clone().or(file.base_url) {
        provider.base_url = url;
    }
    if let Some(c) = args.model_concurrency.or(file.concurrency) {
        if c == 0 {
            bail!("--model-concurrency must be at least 1");
        }
        provider.concurrency = c;
    }
    for (k, v) in file.headers.unwrap_or_default() {
        provider.headers.push((k, v));
    }
    for h in &args.model_headers {
        let (k, v) = h
            .split_once(':')
            .with_context(|| format!("--model-header `{h}` is not `NAME: VALUE`"))?;
        provider
            .headers
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    provider.key_from_env();
    let prices = match (args.model_price_input, args.model_price_output, file.prices) {
        (Some(i), Some(o), _) => Some(Prices {
            input: i,
            output: o,
            cached_input: args.model_price_cached.unwrap_or(i),
        }),
        (None, None, Some(p)) => Some(Prices {
            input: p.input,
            output: p.output,
            cached_input: p.cached_input.unwrap_or(p.input),
        }),
        (None, None, None) => None,
        _ => bail!("give both --model-price-input and --model-price-output"),
    };
    let cache_dir = if args.no_model_cache {
        None
    } else {
        args.model_cache
            .clone()
            .or(file.cache_dir)
            .or_else(ferret_model::cache::VerdictCache::default_dir)
    };
    let defaults = PassOptions::default();
    let opts = PassOptions {
        max_slice_tokens: args
            .model_max_slice_tokens
            .or(file.max_slice_tokens)
            .unwrap_or(defaults.max_slice_tokens),
        budget: args.model_budget.or(file.budget),
        verify_min_priority: args
            .model_verify_priority
            .or(file.verify_priority)
            .unwrap_or(defaults.verify_min_priority),
        fix: args.model_fix || file.fix.unwrap_or(false),
        cache_dir,
        prices,
        ..defaults
    };
    Ok(Settings {
        spec,
        provider,
        opts,
    })
}

/// Source files under `roots` with the findings' extensions, for resolving the definitions a
/// model asks for (at most 20,000; hidden and vendored directories skipped).
fn project_files(roots: &[PathBuf], report: &ScanReport) -> Vec<String> {
    let exts: std::collections::BTreeSet<String> = report
        .findings
        .iter()
        .filter_map(|f| {
            Path::new(&f.location.path)
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
        })
        .collect();
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(p) = stack.pop() {
        if out.len() >= 20_000 {
            break;
        }
        if p.is_dir() {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            if let Some(n) = &name
                && p != Path::new(".")
                && (n.starts_with('.') && n.len() > 1
                    || matches!(n.as_str(), "node_modules" | "vendor" | "target" | "dist"))
            {
                continue;
            }
            let Ok(rd) = std::fs::read_dir(&p) else {
                continue;
            };
            let mut children: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            children.sort();
            stack.extend(children.into_iter().rev());
        } else if p
            .extension()
            .is_some_and(|e| exts.contains(e.to_string_lossy().as_ref()))
        {
            let s = p.to_string_lossy();
            out.push(s.strip_prefix("./").unwrap_or(&s).to_string());
        }
    }
    out
}

/// Runs the model pass over `report` (or, with `--model-dry-run`, measures what it would send).
/// `rescan` (the run's rules and scan options) lets fixes be checked.
pub fn run_pass(
    report: &mut ScanReport,
    args: &ModelArgs,
    rescan: Option<EngineRescan>,
    roots: &[PathBuf],
) -> Result<()> {
    if args.model_dry_run {
        let max = args.model_max_slice_tokens.unwrap_or(4000);
        let mut sources = Sources::new();
        let est = ferret_model::estimate(&report.findings, &mut sources, max);
        let baseline = report.summary.bytes_scanned.div_ceil(4);
        eprintln!("Model pass (dry run: nothing sent)");
        eprintln!(
            "  candidates   {} findings in {} candidates",
            est.findings, est.candidates
        );
        eprintln!(
            "  tokens       {} for triage ({:.0} per candidate, largest request {})",
            est.triage_tokens, est.tokens_per_candidate, est.max_request_tokens
        );
        eprintln!(
            "  of which     {} in slices, {} in the cacheable prompt prefix ({} per call)",
            est.slice_tokens,
            est.triage_tokens - est.slice_tokens,
            (est.triage_tokens - est.slice_tokens)
                .checked_div(est.candidates)
                .unwrap_or(0)
        );
        if report.summary.lines_scanned > 0 {
            eprintln!(
                "  density      {:.2} candidates per thousand lines",
                est.candidates as f64 * 1000.0 / report.summary.lines_scanned as f64
            );
        }
        if baseline > 0 {
            eprintln!(
                "  baseline     {} tokens for a model to read all {} scanned lines; the pass sends {:.1}% of that",
                baseline,
                report.summary.lines_scanned,
                100.0 * est.triage_tokens as f64 / baseline as f64
            );
        }
        return Ok(());
    }
    let s = settings(args)?;
    if s.provider.api_key.is_none()
        && s.spec.style.default_base_url() == s.provider.base_url.trim_end_matches('/')
    {
        bail!(
            "no API key for {}: set FERRET_MODEL_API_KEY or {}",
            s.spec,
            s.spec.style.key_env()
        );
    }
    let mut opts = s.opts;
    opts.search_files = project_files(roots, report);
    let provider = Provider::new(s.provider)?;
    let rescan: Option<Arc<dyn Rescan>> = rescan.map(|r| Arc::new(r) as Arc<dyn Rescan>);
    let pass = Pass::new(provider, opts, rescan, Sources::new(), &report.findings);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let summary = rt.block_on(pass.run(&mut report.findings))?;
    report.model_run = Some(summary);
    if args.hide_false_positives {
        report
            .findings
            .retain(|f| f.triage.as_ref().and_then(|t| t.verdict) != Some(Verdict::FalsePositive));
        report.recount();
    }
    Ok(())
}
