import javax.net.ssl.HostnameVerifier
import javax.net.ssl.SSLSession
import okhttp3.OkHttpClient

fun clients(): List<Any> {
    // ruleid: kotlin.tls.hostname-verifier-allow-all
    val a = HostnameVerifier { _, _ -> true }
    // ruleid: kotlin.tls.hostname-verifier-allow-all
    val b = OkHttpClient.Builder().hostnameVerifier { _, _ -> true }.build()
    // ok: kotlin.tls.hostname-verifier-allow-all
    val c = HostnameVerifier { host, _ -> host == "api.example.com" }
    // ok: kotlin.tls.hostname-verifier-allow-all
    val d = OkHttpClient.Builder().build()
    return listOf(a, b, c, d)
}

class AllowAll : HostnameVerifier {
    // ruleid: kotlin.tls.hostname-verifier-allow-all
    override fun verify(hostname: String, session: SSLSession): Boolean = true
}
