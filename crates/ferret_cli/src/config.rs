//! `ferret.toml`: project defaults for `ferret scan` in its `[scan]` table (the `[model]` table is
//! read by the model pass). The file is found in the current directory or a parent, up to the
//! repository root, or named by `FERRET_CONFIG`. A flag given on the command line always wins;
//! paths in the file are relative to the file's directory.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;

use crate::{Format, Pack, ScanArgs};

/// The `[scan]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScanToml {
    config: Option<Vec<PathBuf>>,
    rules: Option<String>,
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    default_ignore: Option<bool>,
    jobs: Option<usize>,
    fail_on: Option<String>,
    max_file_size: Option<String>,
    timeout: Option<f64>,
    format: Option<String>,
    output: Option<PathBuf>,
    taint_intraprocedural: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct FileToml {
    scan: Option<ScanToml>,
}

fn from_cli(m: &ArgMatches, id: &str) -> bool {
    m.value_source(id) == Some(ValueSource::CommandLine)
}

/// Fills the scan options the command line left unset from the nearest `ferret.toml`.
pub fn apply_scan(args: &mut ScanArgs, m: &ArgMatches) -> Result<()> {
    let Some(path) = crate::triage_cmd::find_config() else {
        return Ok(());
    };
    apply_scan_file(args, m, &path)
}

fn apply_scan_file(args: &mut ScanArgs, m: &ArgMatches, path: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc: FileToml =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    let Some(t) = doc.scan else { return Ok(()) };
    let base = path.parent().unwrap_or(Path::new("."));
    let rel = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    let bad = |what: &str, v: &str| format!("{}: [scan] {what} `{v}` is not valid", path.display());
    if let Some(c) = t.config
        && !from_cli(m, "config")
    {
        args.config = c.into_iter().map(rel).collect();
    }
    if let Some(r) = t.rules
        && !from_cli(m, "rules")
    {
        args.rules = Some(
            <Pack as clap::ValueEnum>::from_str(&r, true)
                .map_err(|_| anyhow::anyhow!(bad("rules", &r)))?,
        );
    }
    if let Some(v) = t.include
        && !from_cli(m, "include")
    {
        args.include = v;
    }
    if let Some(v) = t.exclude
        && !from_cli(m, "exclude")
    {
        args.exclude = v;
    }
    if let Some(v) = t.default_ignore
        && !from_cli(m, "no_default_ignore")
    {
        args.no_default_ignore = !v;
    }
    if let Some(v) = t.jobs
        && !from_cli(m, "jobs")
    {
        args.jobs = v;
    }
    if let Some(v) = t.fail_on
        && !from_cli(m, "fail_on")
    {
        args.fail_on = v;
    }
    if let Some(v) = t.max_file_size
        && !from_cli(m, "max_file_size")
    {
        args.max_file_size = v;
    }
    if let Some(v) = t.timeout
        && !from_cli(m, "timeout")
    {
        args.timeout = v;
    }
    if let Some(v) = t.format
        && !from_cli(m, "format")
    {
        args.format = <Format as clap::ValueEnum>::from_str(&v, true)
            .map_err(|_| anyhow::anyhow!(bad("format", &v)))?;
    }
    if let Some(v) = t.output
        && !from_cli(m, "output")
    {
        args.output = Some(rel(v));
    }
    if let Some(v) = t.taint_intraprocedural
        && !from_cli(m, "taint_intraprocedural")
    {
        args.taint_intraprocedural = v;
    }
    Ok(())
}
