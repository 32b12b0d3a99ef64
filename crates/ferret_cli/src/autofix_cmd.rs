//! `ferret scan --autofix [--dryrun]`: applies the fixes of the reported findings in place, or
//! shows the lines they would change.

use std::io::Write;

use anyhow::{Result, bail};
use ferret_core::ScanReport;
use ferret_engine::autofix;

/// Applies (or, with `dry_run`, shows) the fixes of `report`'s findings. Messages go to `out`.
pub fn run(report: &ScanReport, dry_run: bool, quiet: bool, out: &mut dyn Write) -> Result<()> {
    let plan = autofix::plan(&report.findings);
    for (edit, why) in &plan.skipped {
        writeln!(
            out,
            "autofix: {}:{}: fix of {} skipped: {why}",
            edit.path, edit.line, edit.rule_id
        )?;
    }
    if dry_run {
        for (path, edits) in &plan.files {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    writeln!(out, "autofix: {path}: {e}")?;
                    continue;
                }
            };
            for p in autofix::preview(&text, edits) {
                writeln!(out, "{path}:{}: fix of {}", p.edit.line, p.edit.rule_id)?;
                for l in p.before.lines() {
                    writeln!(out, "  - {l}")?;
                }
                for l in p.after.lines() {
                    writeln!(out, "  + {l}")?;
                }
            }
        }
        if !quiet {
            writeln!(
                out,
                "autofix (dry run): {} fixes in {} files would be applied, {} skipped",
                plan.edits(),
                plan.files.len(),
                plan.skipped.len()
            )?;
        }
        return Ok(());
    }
    let (done, errors) = autofix::write(&plan, None);
    for e in &errors {
        writeln!(out, "autofix: {e}")?;
    }
    if !quiet {
        let edits: usize = done.iter().map(|f| f.edits).sum();
        writeln!(
            out,
            "autofix: applied {edits} fixes in {} files, {} skipped",
            done.len(),
            plan.skipped.len()
        )?;
    }
    if !errors.is_empty() {
        bail!("autofix: {} files could not be fixed", errors.len());
    }
    Ok(())
}
