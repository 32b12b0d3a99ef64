import java.net.URI
import java.net.URL
import java.net.URLEncoder
import javax.servlet.http.HttpServletRequest
import org.springframework.web.client.RestTemplate

fun fetch(request: HttpServletRequest, rest: RestTemplate): String {
    // ruleid: kotlin.ssrf.request-param-in-url
    val a = URL(request.getParameter("url")).readText()
    // ruleid: kotlin.ssrf.request-param-in-url
    val b = rest.getForObject("http://" + request.getParameter("host") + "/status", String::class.java)
    // ok: kotlin.ssrf.request-param-in-url
    val c = rest.getForObject("https://api.example.com/search?q=" + URLEncoder.encode(request.getParameter("q"), "UTF-8"), String::class.java)
    // ok: kotlin.ssrf.request-param-in-url
    val d = URI.create("https://api.example.com/health")
    return a + b + c + d
}
