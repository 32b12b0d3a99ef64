use sqlx::postgres::PgConnectOptions;

fn options(pw: &str) -> Result<(), Box<dyn std::error::Error>> {
    // ruleid: rust.secrets.hardcoded-password
    let a = PgConnectOptions::new().host("db").username("app").password("s3cr3t!");
    // ruleid: rust.secrets.hardcoded-password
    let b = reqwest::Client::new().get("https://api.example.com").basic_auth("svc", Some("hunter22"));
    // ok: rust.secrets.hardcoded-password
    let c = PgConnectOptions::new().host("db").username("app").password(&std::env::var("DB_PASSWORD")?);
    // ok: rust.secrets.hardcoded-password
    let d = PgConnectOptions::new().password(pw);
    let _ = (a, b, c, d);
    Ok(())
}
