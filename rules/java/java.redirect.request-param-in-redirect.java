import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class Redirects {
    void go(HttpServletRequest request, HttpServletResponse response) throws Exception {
        // ruleid: java.redirect.request-param-in-redirect
        response.sendRedirect(request.getParameter("next"));
    }

    String spring(HttpServletRequest request) {
        // ruleid: java.redirect.request-param-in-redirect
        return "redirect:" + request.getParameter("url");
    }

    void header(HttpServletRequest request, HttpServletResponse response) {
        // ruleid: java.redirect.request-param-in-redirect
        response.setHeader("Location", request.getHeader("Referer"));
    }

    void safe(HttpServletRequest request, HttpServletResponse response) throws Exception {
        // ok: java.redirect.request-param-in-redirect
        response.sendRedirect("/home");
        // ok: java.redirect.request-param-in-redirect
        response.sendRedirect("/search?q=" + URLEncoder.encode(request.getParameter("q"), "UTF-8"));
    }
}
