const https = require("https");
const tls = require("tls");

// ruleid: javascript.tls.certificate-validation-disabled
const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

// ruleid: javascript.tls.certificate-validation-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

function connect(host) {
  // ruleid: javascript.tls.certificate-validation-disabled
  return tls.connect(443, host, { servername: host, checkServerIdentity: () => undefined });
}

function legacy(request, url) {
  // ruleid: javascript.tls.certificate-validation-disabled
  return request({ url, strictSSL: false });
}

// ok: javascript.tls.certificate-validation-disabled
const good = new https.Agent({ keepAlive: true, rejectUnauthorized: true });
// ok: javascript.tls.certificate-validation-disabled
const withCa = new https.Agent({ ca: process.env.CA_BUNDLE });
