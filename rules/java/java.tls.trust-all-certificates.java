import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

public class TrustAll implements X509TrustManager {
    // ok: java.tls.trust-all-certificates
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    // ruleid: java.tls.trust-all-certificates
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

class AlsoTrustAll implements X509TrustManager {
    // ruleid: java.tls.trust-all-certificates
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    }

    // ok: java.tls.trust-all-certificates
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    // ok: java.tls.trust-all-certificates
    public void setPair(String first, String second) {}
}
