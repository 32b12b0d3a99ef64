import javax.servlet.http.Cookie
import javax.servlet.http.HttpServletResponse

fun bad(response: HttpServletResponse, id: String) {
    val c = Cookie("session", id)
    c.isHttpOnly = true
    // ruleid: kotlin.cookies.cookie-without-secure
    response.addCookie(c)
    val d = Cookie("remember", id)
    // ruleid: kotlin.cookies.cookie-without-secure
    d.isSecure = false
}

fun good(response: HttpServletResponse, id: String) {
    val c = Cookie("session", id)
    // ok: kotlin.cookies.cookie-without-secure
    c.isSecure = true
    c.isHttpOnly = true
    // ok: kotlin.cookies.cookie-without-secure
    response.addCookie(c)
}
