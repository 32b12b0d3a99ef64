//! `ferret audit ...`: export the gateway's audit log as a bundle, verify a bundle offline, and
//! fetch and check one request's inclusion proof from a running gateway.
//!
//! `export` only reads: a data directory's log is opened read-only (no torn tail is cut, no
//! checkpoint is signed), and a deployment's PostgreSQL log (`--database`) is read in one
//! read-only transaction; either way the bundle ends at the last signed checkpoint and has the
//! same format.
//!
//! Exit codes of `verify` and `proof`: 0 verified, 1 an inconsistency (named on stdout),
//! 2 usage or input error. `export` exits 1 when the stored log is damaged or rolled back.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use base64::Engine;
use clap::{Args, Subcommand};
use ferret_audit::merkle::{hex, leaf_hash, verify_inclusion};
use ferret_audit::{Entry, ExportSource, Log, LogError, NoteVerifier, bundle};
use ferret_gateway::DataDir;

/// Arguments of `ferret audit`.
#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Export entries, signed checkpoints and proofs from a gateway data directory, or from the
    /// PostgreSQL database of a deployment (read-only: nothing is changed). The bundle ends at
    /// the last signed checkpoint; entries after it are signed by the gateway within its
    /// checkpoint interval, or when the log is next opened for writing.
    Export {
        /// The gateway's data directory (its file log, `audit/`).
        #[arg(long, required_unless_present = "database")]
        data_dir: Option<PathBuf>,
        /// The deployment's PostgreSQL database (`postgres://...`), whose audit log is exported
        /// instead of a data directory's.
        #[arg(long, conflicts_with = "data_dir")]
        database: Option<String>,
        /// The bundle file to write.
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// First day (YYYY-MM-DD, UTC) or unix second of the range; default: the beginning.
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, UTC, inclusive) or unix second; default: now.
        #[arg(long)]
        to: Option<String>,
        /// Export the records as stored, without recovery or checks (for a damaged log that
        /// refuses to open), so that `verify` names the damaged entry.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        raw: bool,
    },
    /// Verify a bundle offline: checkpoint signatures, consistency between successive
    /// checkpoints, and the inclusion of every entry. Exit 0 = verified, 1 = an inconsistency.
    Verify {
        /// The log's public key file (`audit/public.key` of the data directory, or the
        /// gateway's `/audit/v1/public-key`), obtained independently of the bundle.
        #[arg(long)]
        public_key: PathBuf,
        /// Checkpoints obtained elsewhere (e.g. fetched from the gateway earlier) to check
        /// against the bundle; repeatable.
        #[arg(long)]
        checkpoint: Vec<PathBuf>,
        /// The bundle.
        bundle: PathBuf,
    },
    /// Create the audit log's checkpoint signing key in a data directory (`audit/signing.key`,
    /// mode 0600, and its verifier key `audit/public.key`) without opening a log, for a
    /// deployment whose instances must share one key. An existing key is kept.
    Keygen {
        /// The data directory.
        #[arg(long)]
        data_dir: PathBuf,
        /// The key's name (the log's origin); default `ferret-gateway/<random hex>`.
        #[arg(long)]
        origin: Option<String>,
    },
    /// Fetch the inclusion proof of a request's entries from a gateway and check it.
    Proof {
        /// The request id (the gateway's `x-request-id`).
        request_id: String,
        /// The gateway's URL.
        #[arg(long)]
        gateway: String,
        /// The log's public key file.
        #[arg(long)]
        public_key: PathBuf,
        /// An API key of a regulator or admin (default: the FERRET_API_KEY environment
        /// variable, which keeps the key out of the process list).
        #[arg(long)]
        api_key: Option<String>,
    },
}

/// Runs `ferret audit ...`.
pub fn run(args: AuditArgs) -> Result<ExitCode> {
    match args.command {
        AuditCommand::Export {
            data_dir,
            database,
            output,
            from,
            to,
            raw,
        } => {
            let (from, to) = (time(from.as_deref(), false)?, time(to.as_deref(), true)?);
            match (database, data_dir) {
                (Some(url), _) => export_database(&url, &output, from, to, raw),
                (None, Some(dir)) => export(&dir, &output, from, to, raw),
                (None, None) => bail!("give --data-dir or --database"),
            }
        }
        AuditCommand::Verify {
            public_key,
            checkpoint,
            bundle,
        } => verify(&public_key, &checkpoint, &bundle),
        AuditCommand::Keygen { data_dir, origin } => {
            let dir = DataDir::new(&data_dir).audit_dir();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let (key, created) = ferret_audit::log::load_or_create_key(&dir, origin.as_deref())?;
            let verb = if created {
                "created"
            } else {
                "kept the existing"
            };
            eprintln!("{verb} signing key in {}", dir.display());
            println!("{}", key.verifier().to_text());
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Proof {
            request_id,
            gateway,
            public_key,
            api_key,
        } => {
            let Some(api_key) = api_key.or_else(|| std::env::var("FERRET_API_KEY").ok()) else {
                bail!("give --api-key or set FERRET_API_KEY (a regulator's or admin's key)");
            };
            proof(&request_id, &gateway, &public_key, &api_key)
        }
    }
}

fn time(v: Option<&str>, end: bool) -> Result<Option<i64>> {
    let Some(v) = v else { return Ok(None) };
    if let Ok(t) = v.parse::<i64>() {
        return Ok(Some(t));
    }
    match ferret_gateway::parse_date(v) {
        Some(d) => Ok(Some(if end { d + 86_399 } else { d })),
        None => bail!("{v:?} is neither YYYY-MM-DD nor unix seconds"),
    }
}

fn read_key(path: &Path) -> Result<NoteVerifier> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the public key {}", path.display()))?;
    NoteVerifier::parse(&text).with_context(|| format!("{}", path.display()))
}

fn export(
    data_dir: &Path,
    output: &Path,
    from: Option<i64>,
    to: Option<i64>,
    raw: bool,
) -> Result<ExitCode> {
    let dir = DataDir::new(data_dir).audit_dir();
    let log_path = dir.join(ferret_audit::log::LOG_FILE);
    if !log_path.exists() {
        bail!("no audit log in {}", data_dir.display());
    }
    let create = || create_output(output);
    if raw {
        let key = read_key(&dir.join(ferret_audit::log::PUBLIC_KEY_FILE))?;
        let mut out = create()?;
        let s = bundle::export_raw(&log_path, &key, &mut out)?;
        out.flush()?;
        eprintln!("exported the records as stored, without checks");
        print_summary(&s, output);
        return Ok(ExitCode::SUCCESS);
    }
    let log = match Log::open_read_only(&dir) {
        Ok(log) => log,
        Err(e @ (LogError::Corrupt { .. } | LogError::Rollback { .. })) => {
            eprintln!(
                "error: {e}\nnothing was exported and the data directory was not changed; \
                 `ferret audit export --raw` exports the records as stored, so that \
                 `ferret audit verify` can name a damaged entry"
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    let r = log.recovery();
    if let Some(tail) = &r.torn {
        eprintln!(
            "note: the log ends with {} bytes after its last boundary record, left in place: {tail}",
            r.torn_bytes
        );
    }
    let mut out = create()?;
    let summary = bundle::export(&log, from, to, &mut out)?;
    out.flush()?;
    let unsigned = log.size() - log.signed_size();
    if unsigned > 0 && to.is_none() {
        eprintln!(
            "note: the last {unsigned} entries (from index {}) are after the last signed \
             checkpoint and not in the bundle; the gateway signs them within its checkpoint \
             interval, or when the log is next opened for writing",
            log.signed_size()
        );
    }
    print_summary(&summary, output);
    Ok(ExitCode::SUCCESS)
}

fn create_output(output: &Path) -> Result<BufWriter<File>> {
    File::create(output)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .with_context(|| format!("cannot create {}", output.display()))
}

/// Exports the PostgreSQL log of a deployment (one read-only transaction).
fn export_database(
    url: &str,
    output: &Path,
    from: Option<i64>,
    to: Option<i64>,
    raw: bool,
) -> Result<ExitCode> {
    let create = || create_output(output);
    if raw {
        let (key, records) =
            ferret_gateway::block_on(ferret_gateway::audit_pg::export::read_raw(url))??;
        let mut out = create()?;
        let s = bundle::export_records(&records, &key, &mut out)?;
        out.flush()?;
        eprintln!("exported the records as stored, without checks");
        print_summary(&s, output);
        return Ok(ExitCode::SUCCESS);
    }
    let read = ferret_gateway::block_on(ferret_gateway::audit_pg::export::read(url))?;
    let ex = match read {
        Ok(ex) => ex,
        Err(e @ ferret_gateway::audit_pg::export::ExportError::Log(_)) => {
            eprintln!(
                "error: {e}\nnothing was exported; `ferret audit export --database URL --raw` \
                 exports the records as stored, so that `ferret audit verify` can name a \
                 damaged entry"
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = create()?;
    let summary = bundle::export(&ex.snapshot, from, to, &mut out)?;
    out.flush()?;
    if ex.unsigned > 0 && to.is_none() {
        eprintln!(
            "note: the last {} entries (from index {}) are after the last signed checkpoint \
             and not in the bundle; the elected gateway signs them within its checkpoint \
             interval",
            ex.unsigned,
            ex.snapshot.signed_size()
        );
    }
    eprintln!(
        "the log's key (verify with a copy obtained independently): {}",
        ex.snapshot.verifier().to_text()
    );
    print_summary(&summary, output);
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &bundle::ExportSummary, output: &Path) {
    println!(
        "exported entries {}..{} ({} entries, {} checkpoints) to {}",
        s.start,
        (s.start + s.count).saturating_sub(1),
        s.count,
        s.checkpoints,
        output.display()
    );
}

fn verify(public_key: &Path, extra: &[PathBuf], bundle_path: &Path) -> Result<ExitCode> {
    let key = read_key(public_key)?;
    let extra = extra
        .iter()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display())))
        .collect::<Result<Vec<_>>>()?;
    let file = File::open(bundle_path)
        .with_context(|| format!("cannot open {}", bundle_path.display()))?;
    let t0 = std::time::Instant::now();
    match bundle::verify(BufReader::with_capacity(1 << 20, file), &key, &extra) {
        Ok(r) => {
            println!(
                "verified: {} entries ({}..{}) of log {}, {} checkpoints, tree size {}, root {} \
                 ({:.2} s)",
                r.entries,
                r.start,
                (r.start + r.entries).saturating_sub(1),
                r.origin,
                r.checkpoints,
                r.tree_size,
                hex(&r.root),
                t0.elapsed().as_secs_f64()
            );
            for s in r.unchecked {
                println!(
                    "note: a given checkpoint of size {s} lies outside the bundle (before its \
                     first entry, or after the end of its closed time range) and was not compared"
                );
            }
            for (what, o) in [
                ("before the bundle's from_ts", r.before_from),
                (
                    "after the bundle's to_ts (a bundle extends to the next signed checkpoint)",
                    r.after_to,
                ),
            ] {
                if let (Some(first), Some(last)) = (o.first, o.last) {
                    println!(
                        "note: {} entries (indexes {first}..{last}) have timestamps {what}",
                        o.count
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(bundle::Inconsistency::Read(e)) => {
            Err(anyhow::Error::new(e).context(format!("reading {}", bundle_path.display())))
        }
        Err(e) => {
            println!("verification FAILED: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

fn proof(request_id: &str, gateway: &str, public_key: &Path, api_key: &str) -> Result<ExitCode> {
    let key = read_key(public_key)?;
    let resp = ferret_gateway::block_on(ferret_gateway::audit::fetch_inclusion(
        gateway, request_id, api_key,
    ))??;
    let fail = |m: String| {
        println!("proof FAILED: {m}");
        Ok(ExitCode::from(1))
    };
    let cp = match key.open(&resp.checkpoint) {
        Ok(cp) => cp,
        Err(e) => return fail(format!("the gateway's checkpoint: {e}")),
    };
    if cp.size != resp.tree_size {
        return fail(format!(
            "the checkpoint has size {}, the proofs claim {}",
            cp.size, resp.tree_size
        ));
    }
    if resp.entries.is_empty() {
        return fail(format!("the gateway returned no entry for {request_id}"));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    for e in &resp.entries {
        let bytes = e.entry.as_bytes();
        match Entry::parse(bytes) {
            Ok(entry) if entry.request_id.as_deref() == Some(request_id) => {}
            Ok(_) => return fail(format!("entry {} is not of request {request_id}", e.index)),
            Err(err) => return fail(format!("entry {} is not a canonical entry: {err}", e.index)),
        }
        let proof = e
            .proof
            .iter()
            .map(|p| {
                b64.decode(p)
                    .ok()
                    .and_then(|v| <[u8; 32]>::try_from(v).ok())
            })
            .collect::<Option<Vec<_>>>();
        let Some(proof) = proof else {
            return fail(format!("entry {}: the proof is not base64 hashes", e.index));
        };
        let leaf = leaf_hash(bytes);
        if !verify_inclusion(e.index, cp.size, &leaf, &proof, &cp.root) {
            return fail(format!(
                "entry {} (leaf hash {}) is not included in the signed tree of size {} (root {})",
                e.index,
                hex(&leaf),
                cp.size,
                hex(&cp.root)
            ));
        }
        println!(
            "entry {} of request {request_id} is included in the signed tree of size {} (root {}): {}",
            e.index,
            cp.size,
            hex(&cp.root),
            e.entry
        );
    }
    Ok(ExitCode::SUCCESS)
}
