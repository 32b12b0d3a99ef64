//! Support for the multi-instance tests: real `ferret gateway serve` processes, each with a
//! data directory of its own (the same server secret, copied, as a deployment mounts it), on
//! one PostgreSQL database created for the test; `fake_model` upstream; and a TCP proxy that
//! can cut the gateways off PostgreSQL.

pub mod pgproxy;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use ferret_gateway::store::testing::TestDatabase;

pub fn ferret() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferret"))
}

pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Keys made by the command line for the tests' people.
#[derive(Debug, Clone)]
pub struct Keys {
    /// A user of Acme Inc.
    pub alice: String,
    /// Alice's key id.
    pub alice_id: String,
    /// A user of Beta GmbH.
    pub bob: String,
    /// An operator (admin) of Acme Inc: console logins and key revocations.
    pub admin: String,
    /// A regulator: organisation revocations.
    pub regulator: String,
}

/// Gateway processes over one PostgreSQL database.
pub struct Cluster {
    pub base: tempfile::TempDir,
    pub config: PathBuf,
    pub keys: Keys,
    procs: Vec<Option<Child>>,
    pub urls: Vec<String>,
    /// Dropped after the processes (fields drop after `Drop::drop`); `None` with SQLite.
    _db: Option<TestDatabase>,
}

impl Cluster {
    /// `n` instances; `extra` is appended to gateway.toml (quota rules); `via` replaces the
    /// database URL the gateways use (a proxy in front of the test database).
    pub fn start(
        db: TestDatabase,
        n: usize,
        upstream: &str,
        extra: &str,
        via: Option<String>,
    ) -> Cluster {
        let database = via.unwrap_or_else(|| db.url.clone());
        Cluster::build(Some(db), Some(database), n, upstream, extra)
    }

    /// One instance on the embedded SQLite store in its data directory (no `database =`).
    #[allow(dead_code)]
    pub fn start_sqlite(upstream: &str, extra: &str) -> Cluster {
        Cluster::build(None, None, 1, upstream, extra)
    }

    fn build(
        db: Option<TestDatabase>,
        database: Option<String>,
        n: usize,
        upstream: &str,
        extra: &str,
    ) -> Cluster {
        let base = tempfile::tempdir().unwrap();
        let config = base.path().join("gateway.toml");
        let database = database
            .map(|d| format!("database = \"{d}\"\n\n"))
            .unwrap_or_default();
        std::fs::write(
            &config,
            format!(
                "{database}[[model]]\nid = \"open-general\"\ntier = \"general\"\n\
                 upstream = \"{upstream}\"\napi = \"openai\"\n\n[[model]]\nid = \"frontier-lite\"\n\
                 tier = \"lite\"\nupstream = \"{upstream}\"\napi = \"openai\"\n\n{extra}"
            ),
        )
        .unwrap();
        let data0 = base.path().join("data0");
        let keys = populate(&data0, &config);
        for i in 1..n {
            let d = base.path().join(format!("data{i}"));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::copy(data0.join("server.key"), d.join("server.key")).unwrap();
            // The audit log's checkpoint key too: every instance may become the signer.
            std::fs::create_dir_all(d.join("audit")).unwrap();
            for f in ["signing.key", "public.key"] {
                std::fs::copy(data0.join("audit").join(f), d.join("audit").join(f)).unwrap();
            }
        }
        let mut c = Cluster {
            base,
            config,
            keys,
            procs: Vec::new(),
            urls: Vec::new(),
            _db: db,
        };
        for i in 0..n {
            let (child, url) = c.spawn(i);
            c.procs.push(Some(child));
            c.urls.push(url);
        }
        c
    }

    pub fn data(&self, i: usize) -> PathBuf {
        self.base.path().join(format!("data{i}"))
    }

    fn spawn(&self, i: usize) -> (Child, String) {
        start_gateway(&self.data(i), &self.config)
    }

    /// Stops instance `i` (SIGKILL).
    pub fn kill(&mut self, i: usize) {
        if let Some(mut p) = self.procs[i].take() {
            p.kill().unwrap();
            p.wait().unwrap();
        }
    }

    /// Stops instance `i` (SIGKILL) and starts it again on the same data directory.
    pub fn restart(&mut self, i: usize) {
        self.kill(i);
        let (child, url) = self.spawn(i);
        self.procs[i] = Some(child);
        self.urls[i] = url;
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for p in self.procs.iter_mut().flatten() {
            let _ = p.kill();
            let _ = p.wait();
        }
    }
}

pub fn gw(data: &Path, config: &Path, args: &[&str]) -> String {
    let mut c = ferret();
    c.arg("gateway")
        .arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(config);
    let (code, out, err) = run(c.args(args));
    assert_eq!(code, 0, "gateway {args:?}: {out}{err}");
    out
}

fn key(data: &Path, config: &Path, email: &str) -> (String, String) {
    let out = gw(data, config, &["--json", "key", "create", email]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    (
        v["key"].as_str().unwrap().to_string(),
        v["key_id"].as_str().unwrap().to_string(),
    )
}

/// Two approved organisations, their people and keys, each made by its own process.
fn populate(data: &Path, config: &Path) -> Keys {
    for (org, country) in [("Acme Inc", "US"), ("Beta GmbH", "US"), ("Regulator", "US")] {
        gw(data, config, &["org", "create", org, "--country", country]);
        gw(data, config, &["org", "approve", org, "--reason", "vetted"]);
    }
    for (email, org, role) in [
        ("alice@acme.test", "Acme Inc", "user"),
        ("ada@acme.test", "Acme Inc", "admin"),
        ("bob@beta.test", "Beta GmbH", "user"),
        ("reg@reg.test", "Regulator", "regulator"),
    ] {
        gw(
            data,
            config,
            &[
                "user",
                "create",
                email,
                "--org",
                org,
                "--nationality",
                "US",
                "--location",
                "US",
                "--role",
                role,
            ],
        );
    }
    let (alice, alice_id) = key(data, config, "alice@acme.test");
    Keys {
        alice,
        alice_id,
        bob: key(data, config, "bob@beta.test").0,
        admin: key(data, config, "ada@acme.test").0,
        regulator: key(data, config, "reg@reg.test").0,
    }
}

fn start_gateway(data: &Path, config: &Path) -> (Child, String) {
    let mut child = ferret()
        .arg("gateway")
        .arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(url) = line.strip_prefix("ferret gateway listening on ") {
                let _ = tx.send(url.to_string());
            } else if !line.starts_with("audit log public key") {
                eprintln!("gateway: {line}");
            }
        }
    });
    let url = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the gateway did not start");
    (child, url)
}

/// One chat completion as `key` at `url`; the status and the body.
pub async fn chat(
    http: &reqwest::Client,
    url: &str,
    key: &str,
    body: &serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = http
        .post(format!("{url}/v1/chat/completions"))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

pub fn ask(text: &str) -> serde_json::Value {
    serde_json::json!({"model": "open-general", "messages": [{"role": "user", "content": text}]})
}

/// Waits, if need be, until the current minute has at least `secs` seconds left, so that a
/// per-minute limit is tested within one window (a wait, not a timing assertion).
pub fn within_one_minute(secs: u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let left = 60 - now % 60;
    if left < secs {
        std::thread::sleep(std::time::Duration::from_secs(left + 1));
    }
}
