//! `ferret gateway ...`: serve the policy gateway and administer its data directory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::ops::{Disposition, Vetting};
use ferret_gateway::store::Role;
use ferret_gateway::{DataDir, block_on};

/// Arguments of `ferret gateway`.
#[derive(Args, Debug)]
pub struct GatewayArgs {
    /// Data directory (SQLite database, server secret, audit log). Created if missing.
    #[arg(long, global = true, default_value = "ferret-gateway-data")]
    data_dir: PathBuf,
    /// Gateway configuration (models, issuers, quotas).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// The store: `postgres://user@host:port/db` for PostgreSQL (several gateway instances
    /// share it), `sqlite://PATH` or a path for a SQLite file. Overrides `database` in the
    /// configuration; the default is `gateway.db` in the data directory.
    #[arg(long, global = true)]
    database: Option<String>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: GatewayCommand,
}

#[derive(Subcommand, Debug)]
enum GatewayCommand {
    /// Run the gateway until Ctrl-C or SIGTERM (SIGHUP reloads the policy).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
    },
    /// Create or upgrade the database.
    Migrate,
    /// Policy commands.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Organisations and their vetting.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Users of record.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API keys.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Denied-party screening.
    Screening {
        #[command(subcommand)]
        command: ScreeningCommand,
    },
    /// The versioned country table (domestic, foreign, embargoed; with effective dates).
    Country {
        #[command(subcommand)]
        command: CountryCommand,
    },
}

#[derive(Subcommand, Debug)]
enum CountryCommand {
    /// Add a row: COUNTRY is CLASS from --effective on (earlier rows are kept).
    Set {
        country: String,
        /// domestic, foreign or embargoed.
        class: String,
        /// First day the row applies, YYYY-MM-DD (UTC).
        #[arg(long)]
        effective: String,
        /// Where the classification comes from (regulation reference).
        #[arg(long)]
        source: String,
    },
    /// List every row, all versions.
    List,
}

#[derive(Subcommand, Debug)]
enum PolicyCommand {
    /// Validate the configured (or shipped) policy strictly against its schema.
    Check,
}

#[derive(Subcommand, Debug)]
enum OrgCommand {
    /// Register an organisation's application.
    Create {
        name: String,
        /// ISO 3166-1 alpha-2 country of incorporation.
        #[arg(long)]
        country: String,
    },
    /// Approve an organisation (regulator).
    Approve {
        name: String,
        #[arg(long)]
        reason: String,
        /// Authorisation basis (licence number, exception...); defaults to the reason.
        #[arg(long)]
        basis: Option<String>,
    },
    /// Deny an application (regulator).
    Deny {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// Revoke an approval (regulator); effective on the next request.
    Revoke {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// Clear a screening quarantine (false positive).
    Clear {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// Confirm a screening hit: the organisation is a denied party.
    Confirm {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// List organisations.
    List,
    /// Export the authorised organisations.
    Export {
        /// `csv` or `json`.
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Register a user of record (nationality and location attested by the organisation).
    Create {
        email: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        nationality: String,
        #[arg(long)]
        location: String,
        /// Full name, screened against the denied-party list (the local part of the e-mail
        /// address is screened too, with or without a name).
        #[arg(long)]
        name: Option<String>,
        /// user, org-admin, admin or regulator. Regulator accounts are created here (on the
        /// data directory) or by a regulator; the operator's admins cannot create them.
        #[arg(long, default_value = "user")]
        role: String,
    },
    /// Clear a user's screening quarantine (false positive).
    Clear {
        email: String,
        #[arg(long)]
        reason: String,
    },
    /// Confirm a user's screening hit: the person is a denied party.
    Confirm {
        email: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
enum KeyCommand {
    /// Create an API key; it is printed once and never stored.
    Create {
        email: String,
        /// Lifetime in days (at most the configured maximum).
        #[arg(long)]
        days: Option<u32>,
    },
    /// Revoke a key by its id.
    Revoke {
        key_id: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
enum ScreeningCommand {
    /// Import a Consolidated Screening List CSV and re-screen everyone.
    Import { file: PathBuf },
}

fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

fn load_config(path: Option<&Path>, database: Option<String>) -> Result<GatewayConfig> {
    let mut config = match path {
        Some(p) => GatewayConfig::load(p)?,
        None => GatewayConfig::default(),
    };
    if let Some(d) = database {
        ferret_gateway::config::Database::parse(&d)?;
        config.database = Some(d);
    }
    Ok(config)
}

fn print<T: ?Sized + SerializeJson>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> Result<()> {
    if json {
        println!("{}", value.to_json()?);
    } else {
        println!("{}", text());
    }
    Ok(())
}

/// Runs `ferret gateway ...`.
pub fn run(args: GatewayArgs) -> Result<ExitCode> {
    let config = load_config(args.config.as_deref(), args.database)?;
    let dir = DataDir::new(&args.data_dir);
    let json = args.json;
    match args.command {
        GatewayCommand::Serve { listen } => {
            tracing_init();
            block_on(ferret_gateway::serve(
                config,
                &args.data_dir,
                listen,
                |addr| {
                    if let Some(k) = dir.audit_public_key() {
                        eprintln!("audit log public key: {k}");
                    }
                    eprintln!("ferret gateway listening on http://{addr}");
                },
            ))??;
        }
        GatewayCommand::Migrate => {
            let (v, kind) = block_on(async {
                let s = dir.open_store(&config).await?;
                let v = s.schema_version().await?;
                let kind = s.kind();
                s.close().await;
                Ok::<_, ferret_gateway::GatewayError>((v, kind))
            })??;
            let engine = match kind {
                ferret_gateway::config::DatabaseKind::Sqlite => "sqlite",
                ferret_gateway::config::DatabaseKind::Postgres => "postgres",
            };
            print(
                json,
                &serde_json::json!({"schema_version": v, "database": engine}),
                || format!("{engine} database at schema version {v}"),
            )?;
        }
        GatewayCommand::Policy {
            command: PolicyCommand::Check,
        } => {
            let engine = ferret_gateway::load_policy(&config).context("policy check failed")?;
            let ids = engine.policy_ids();
            print(
                json,
                &serde_json::json!({"valid": true, "policy_hash": engine.hash(), "policies": ids}),
                || {
                    format!(
                        "policy valid ({} policies, hash {})",
                        ids.len(),
                        engine.hash()
                    )
                },
            )?;
        }
        GatewayCommand::Org { command } => block_on(org(command, &dir, &config, json))??,
        GatewayCommand::User { command } => block_on(user(command, &dir, &config, json))??,
        GatewayCommand::Key { command } => block_on(async {
            let admin = dir.admin(&config).await?;
            match command {
                KeyCommand::Create { email, days } => {
                    let k = admin.create_key(&email, days, &actor()).await?;
                    print(json, &k, || {
                        format!(
                            "{}\n(key id {}, expires {}; this key is shown only once)",
                            k.key, k.key_id, k.expires_at
                        )
                    })
                }
                KeyCommand::Revoke { key_id, reason } => {
                    admin.revoke_key(&key_id, &reason, &actor()).await?;
                    print(json, &serde_json::json!({"revoked": key_id}), || {
                        format!("key {key_id} revoked")
                    })
                }
            }
        })??,
        GatewayCommand::Country { command } => block_on(async {
            let admin = dir.admin(&config).await?;
            match command {
                CountryCommand::Set {
                    country,
                    class,
                    effective,
                    source,
                } => {
                    let Some(from) = ferret_gateway::parse_date(&effective) else {
                        bail!("--effective must be a date YYYY-MM-DD, not {effective:?}");
                    };
                    let row = admin
                        .add_country(&country, &class, from, &source, &actor())
                        .await?;
                    print(json, &row, || {
                        format!(
                            "{} is {} from {} (version {})",
                            row.country, row.class, effective, row.version
                        )
                    })
                }
                CountryCommand::List => {
                    let rows = admin.store.country_tiers().await?;
                    print(json, &rows, || {
                        rows.iter()
                            .map(|r| {
                                format!(
                                    "{}\t{}\tfrom {}\tv{}\t{}",
                                    r.country,
                                    r.class,
                                    &ferret_gateway::rfc3339(r.effective_from)[..10],
                                    r.version,
                                    r.source
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                }
            }
        })??,
        GatewayCommand::Screening {
            command: ScreeningCommand::Import { file },
        } => block_on(async {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let admin = dir.admin(&config).await?;
            let r = admin.import_screening(&text, &actor()).await?;
            print(json, &r, || {
                format!(
                    "imported list v{} ({} entries); quarantined {} organisations, {} users",
                    r.version,
                    r.entries,
                    r.quarantined_orgs.len(),
                    r.quarantined_users.len()
                )
            })
        })??,
    }
    Ok(ExitCode::SUCCESS)
}

async fn user(
    command: UserCommand,
    dir: &DataDir,
    config: &GatewayConfig,
    json: bool,
) -> Result<()> {
    let admin = dir.admin(config).await?;
    let u = match command {
        UserCommand::Create {
            email,
            org,
            nationality,
            location,
            name,
            role,
        } => {
            let Some(role) = Role::parse(&role) else {
                bail!("unknown role {role:?} (user, org-admin, admin, regulator)");
            };
            admin
                .create_user(
                    &email,
                    &org,
                    &nationality,
                    &location,
                    name.as_deref(),
                    role,
                    &actor(),
                )
                .await?
        }
        UserCommand::Clear { email, reason } => {
            admin
                .dispose_user(&email, Disposition::Clear, &reason, &actor())
                .await?
        }
        UserCommand::Confirm { email, reason } => {
            admin
                .dispose_user(&email, Disposition::Confirm, &reason, &actor())
                .await?
        }
    };
    print(json, &u, || {
        format!(
            "user {}: role {}, screening {}",
            u.email,
            u.role.as_str(),
            u.screening.as_str()
        )
    })
}

async fn org(command: OrgCommand, dir: &DataDir, config: &GatewayConfig, json: bool) -> Result<()> {
    let admin = dir.admin(config).await?;
    let a = actor();
    let org = match command {
        OrgCommand::Create { name, country } => admin.create_org(&name, &country, &a).await?,
        OrgCommand::Approve {
            name,
            reason,
            basis,
        } => {
            admin
                .vet(&name, Vetting::Approve, &reason, basis.as_deref(), &a)
                .await?
        }
        OrgCommand::Deny { name, reason } => {
            admin.vet(&name, Vetting::Deny, &reason, None, &a).await?
        }
        OrgCommand::Revoke { name, reason } => {
            admin.vet(&name, Vetting::Revoke, &reason, None, &a).await?
        }
        OrgCommand::Clear { name, reason } => {
            admin
                .dispose(&name, Disposition::Clear, &reason, &a)
                .await?
        }
        OrgCommand::Confirm { name, reason } => {
            admin
                .dispose(&name, Disposition::Confirm, &reason, &a)
                .await?
        }
        OrgCommand::List => {
            let orgs = admin.store.list_orgs().await?;
            return print(json, &orgs, || {
                orgs.iter()
                    .map(|o| {
                        format!(
                            "{}\t{}\t{}\t{}",
                            o.name,
                            o.country,
                            o.status.as_str(),
                            o.screening.as_str()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        OrgCommand::Export { format } => {
            let rows = admin.authorised().await?;
            match format.as_str() {
                "csv" => print!("{}", ferret_gateway::ops::authorised_csv(&rows)),
                "json" => println!("{}", serde_json::to_string_pretty(&rows)?),
                f => bail!("unknown export format {f:?} (csv or json)"),
            }
            return Ok(());
        }
    };
    print(json, &org, || {
        format!(
            "organisation {}: status {}, screening {}",
            org.name,
            org.status.as_str(),
            org.screening.as_str()
        )
    })
}

fn tracing_init() {
    ferret_gateway::init_tracing();
}

/// Anything printable as pretty JSON (ferret_cli does not depend on serde directly).
trait SerializeJson {
    fn to_json(&self) -> Result<String>;
}

impl<T: ferret_gateway::JsonOut> SerializeJson for T {
    fn to_json(&self) -> Result<String> {
        Ok(self.to_pretty_json()?)
    }
}
