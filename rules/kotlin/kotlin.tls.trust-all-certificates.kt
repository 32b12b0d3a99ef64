import java.security.cert.X509Certificate
import javax.net.ssl.X509TrustManager

val trustAll = object : X509TrustManager {
    // ok: kotlin.tls.trust-all-certificates
    override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
    // ruleid: kotlin.tls.trust-all-certificates
    override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {}
    override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
}

class Pinning(private val delegate: X509TrustManager) : X509TrustManager {
    override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) = delegate.checkClientTrusted(chain, authType)
    // ok: kotlin.tls.trust-all-certificates
    override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {
        delegate.checkServerTrusted(chain, authType)
    }
    override fun getAcceptedIssuers(): Array<X509Certificate> = delegate.acceptedIssuers
}

class Lazy : X509TrustManager {
    override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
    // ruleid: kotlin.tls.trust-all-certificates
    override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) = Unit
    override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
}
