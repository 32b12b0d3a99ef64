import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

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
