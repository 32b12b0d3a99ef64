// ruleid: conformance.javascript.regex-localhost-url
const api = "http://localhost:8080/api";
// ok: conformance.javascript.regex-localhost-url
const prod = "https://example.com/api";
// ok: conformance.javascript.regex-localhost-url
const noPort = "http://localhost/api";
const urls = [
  // ruleid: conformance.javascript.regex-localhost-url
  `http://localhost:3000`,
];
module.exports = { api, prod, noPort, urls };
