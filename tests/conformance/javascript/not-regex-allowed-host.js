async function load() {
  // ruleid: conformance.javascript.not-regex-allowed-host
  await fetch("http://example.com/data");
  // ok: conformance.javascript.not-regex-allowed-host
  await fetch("http://localhost:3000/data");
  // ok: conformance.javascript.not-regex-allowed-host
  await fetch("http://127.0.0.1/data");
  // ok: conformance.javascript.not-regex-allowed-host
  await fetch("https://example.com/data");
  // ruleid: conformance.javascript.not-regex-allowed-host
  await fetch("http://localhost.evil.com/x");
}
