import javax.servlet.http.HttpServletRequest

class SessionStore {
    fun handle(request: HttpServletRequest) {
        val user = request.getParameter("user")
        val session = request.getSession()
        // ruleid: kotlin.trust-boundary.session-taint
        session.setAttribute("user", user)
        // ruleid: kotlin.trust-boundary.session-taint
        session.setAttribute("role", request.getHeader("X-Role"))
        // ok: kotlin.trust-boundary.session-taint
        session.setAttribute("count", request.getParameter("n").toInt())
        // ok: kotlin.trust-boundary.session-taint
        session.setAttribute("theme", "dark")
    }
}
