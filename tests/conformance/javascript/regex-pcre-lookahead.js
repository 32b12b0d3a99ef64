// ruleid: conformance.javascript.regex-pcre-lookahead
fetch("http://example.com/data");
// ok: conformance.javascript.regex-pcre-lookahead
fetch("http://localhost:8080/data");
// ok: conformance.javascript.regex-pcre-lookahead
fetch("https://example.com/data");
