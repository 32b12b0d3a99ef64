// ruleid: conformance.kotlin.regex-hardcoded-ip
val host1 = "192.168.0.10"
// ok: conformance.kotlin.regex-hardcoded-ip
val host2 = "10.0.0.1"
// ok: conformance.kotlin.regex-hardcoded-ip
val host3 = "192.169.0.10"
// ruleid: conformance.kotlin.regex-hardcoded-ip
val url = "http://192.168.1.1:8080/"
