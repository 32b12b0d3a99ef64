import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;

public class Hosts {
    void setup() {
        // ruleid: java.tls.hostname-verifier-allow-all
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
        // ruleid: java.tls.hostname-verifier-allow-all
        HttpClients.custom().setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE).build();
        // ok: java.tls.hostname-verifier-allow-all
        HttpClients.custom().setSSLHostnameVerifier(new DefaultHostnameVerifier()).build();
        // ok: java.tls.hostname-verifier-allow-all
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> host.equals("api.example.com"));
    }

    static class AllowAll implements HostnameVerifier {
        // ruleid: java.tls.hostname-verifier-allow-all
        public boolean verify(String hostname, SSLSession session) {
            return true;
        }
    }

    static class Pinned implements HostnameVerifier {
        // ok: java.tls.hostname-verifier-allow-all
        public boolean verify(String hostname, SSLSession session) {
            return "api.example.com".equals(hostname);
        }
    }
}

class NotVerifiers {
    void lambdas(java.util.Map<String, Integer> counts) {
        // ok: java.tls.hostname-verifier-allow-all
        counts.replaceAll((k, v) -> true ? v : 0);
        // ok: java.tls.hostname-verifier-allow-all
        java.util.function.BiPredicate<String, Integer> any = (name, n) -> true;
        // ok: java.tls.hostname-verifier-allow-all
        counts.entrySet().removeIf(e -> true);
        // ok: java.tls.hostname-verifier-allow-all
        filter((path, attrs) -> true);
    }

    void okHttp(OkHttpClient.Builder builder) {
        // ruleid: java.tls.hostname-verifier-allow-all
        builder.hostnameVerifier((hostname, session) -> true);
        // ruleid: java.tls.hostname-verifier-allow-all
        HostnameVerifier trusting = (h, s) -> true;
    }

    void filter(java.util.function.BiPredicate<String, Object> p) {
    }
}
