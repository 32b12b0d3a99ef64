import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import javax.servlet.http.Cookie;

public class SessionStore extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        String user = request.getParameter("user");
        HttpSession session = request.getSession();
        // ruleid: java.trust-boundary.session-taint
        session.setAttribute("user", user);
        // ruleid: java.trust-boundary.session-taint
        request.getSession().setAttribute("role", request.getHeader("X-Role"));
        // ok: java.trust-boundary.session-taint
        session.setAttribute("count", Integer.parseInt(request.getParameter("n")));
        // ok: java.trust-boundary.session-taint
        session.setAttribute("theme", "dark");
        remember(session, request.getParameter("pref"));
    }

    private void remember(HttpSession session, String value) {
        // ruleid: java.trust-boundary.session-taint
        session.setAttribute("pref", value);
    }
}

class SessionForms {
    private HttpSession stored;

    void keyFromRequest(HttpServletRequest request) {
        String name = request.getParameter("attr");
        // ruleid: java.trust-boundary.session-taint
        request.getSession().setAttribute(name, "10");
        // ruleid: java.trust-boundary.session-taint
        request.getSession(true).putValue("user", name);
    }

    void requestScopeIsNotTheSession(HttpServletRequest request) {
        // ok: java.trust-boundary.session-taint
        request.setAttribute("q", request.getParameter("q"));
        java.util.Map<String, Object> attrs = new java.util.HashMap<>();
        // ok: java.trust-boundary.session-taint
        attrs.put("q", request.getParameter("q"));
    }

    void fieldSession(HttpServletRequest request) {
        // ruleid: java.trust-boundary.session-taint
        stored.setAttribute("lang", request.getHeader("Accept-Language"));
    }

    void cookieIntoSession(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        HttpSession session = request.getSession(false);
        // ruleid: java.trust-boundary.session-taint
        session.setAttribute("theme", cookies[0].getValue());
        // ok: java.trust-boundary.session-taint
        session.setAttribute("visits", Integer.valueOf(cookies[1].getValue()));
    }
}
