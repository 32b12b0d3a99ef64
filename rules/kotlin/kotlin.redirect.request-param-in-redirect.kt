import javax.servlet.http.HttpServletRequest
import javax.servlet.http.HttpServletResponse

fun go(request: HttpServletRequest, response: HttpServletResponse) {
    // ruleid: kotlin.redirect.request-param-in-redirect
    response.sendRedirect(request.getParameter("next"))
    // ruleid: kotlin.redirect.request-param-in-redirect
    response.setHeader("Location", request.getHeader("Referer"))
    // ok: kotlin.redirect.request-param-in-redirect
    response.sendRedirect("/home")
    // ok: kotlin.redirect.request-param-in-redirect
    response.sendRedirect("/search?q=" + URLEncoder.encode(request.getParameter("q"), "UTF-8"))
}
