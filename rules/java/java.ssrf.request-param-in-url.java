import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.client.RestTemplate;

public class Proxy {
    Object fetch(HttpServletRequest request, RestTemplate rest) throws Exception {
        // ruleid: java.ssrf.request-param-in-url
        java.io.InputStream in = new URL(request.getParameter("url")).openStream();
        // ruleid: java.ssrf.request-param-in-url
        String body = rest.getForObject("http://" + request.getParameter("host") + "/status", String.class);
        // ok: java.ssrf.request-param-in-url
        String ok = rest.getForObject("https://api.example.com/search?q=" + URLEncoder.encode(request.getParameter("q"), "UTF-8"), String.class);
        // ok: java.ssrf.request-param-in-url
        URI fixed = URI.create("https://api.example.com/health");
        return body + ok + fixed + in;
    }
}
