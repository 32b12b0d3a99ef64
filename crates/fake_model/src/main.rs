//! `fake_model [ADDR]`: runs the fake LLM server until Ctrl-C and prints its base URL.
//! `FAKE_MODELS=a,b` limits the accepted models; `FAKE_FIXTURES=file.json` loads scripted replies.

use std::net::SocketAddr;

use fake_model::{FakeConfig, FakeServer};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let addr: SocketAddr = match std::env::args().nth(1) {
        Some(a) => match a.parse() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("error: bad address {a:?}: {e}");
                return std::process::ExitCode::from(2);
            }
        },
        None => SocketAddr::from(([127, 0, 0, 1], 0)),
    };
    let fixtures = match std::env::var_os("FAKE_FIXTURES") {
        Some(path) => match fake_model::Fixture::load(std::path::Path::new(&path)) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: {e}");
                return std::process::ExitCode::from(2);
            }
        },
        None => Vec::new(),
    };
    let config = FakeConfig {
        fixtures,
        models: std::env::var("FAKE_MODELS")
            .map(|s| s.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        ..FakeConfig::default()
    };
    let server = match FakeServer::start_on(addr, config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    println!("{}", server.base_url());
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}
