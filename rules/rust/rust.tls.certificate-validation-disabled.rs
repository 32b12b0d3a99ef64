use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};

fn clients() -> Result<(), Box<dyn std::error::Error>> {
    // ruleid: rust.tls.certificate-validation-disabled
    let a = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?;
    let mut builder = SslConnector::builder(SslMethod::tls())?;
    // ruleid: rust.tls.certificate-validation-disabled
    builder.set_verify(SslVerifyMode::NONE);
    // ok: rust.tls.certificate-validation-disabled
    let b = reqwest::Client::builder().danger_accept_invalid_certs(false).build()?;
    // ok: rust.tls.certificate-validation-disabled
    builder.set_verify(SslVerifyMode::PEER);
    let _ = (a, b);
    Ok(())
}
