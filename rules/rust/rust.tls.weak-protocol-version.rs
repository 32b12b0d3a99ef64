use native_tls::{Protocol, TlsConnector};
use openssl::ssl::{SslConnector, SslMethod, SslVersion};

fn setup() -> Result<(), Box<dyn std::error::Error>> {
    let mut b = SslConnector::builder(SslMethod::tls())?;
    // ruleid: rust.tls.weak-protocol-version
    b.set_min_proto_version(Some(SslVersion::TLS1))?;
    // ruleid: rust.tls.weak-protocol-version
    let c = TlsConnector::builder().min_protocol_version(Some(Protocol::Tlsv10)).build()?;
    // ok: rust.tls.weak-protocol-version
    b.set_min_proto_version(Some(SslVersion::TLS1_2))?;
    // ok: rust.tls.weak-protocol-version
    let d = TlsConnector::builder().min_protocol_version(Some(Protocol::Tlsv12)).build()?;
    let _ = (c, d);
    Ok(())
}
