import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

public class Cookies {
    void bad(HttpServletResponse response, String id) {
        Cookie c = new Cookie("session", id);
        c.setHttpOnly(true);
        // ruleid: java.cookies.cookie-without-secure
        response.addCookie(c);
    }

    void explicit(HttpServletResponse response, String id) {
        Cookie c = new Cookie("session", id);
        // ruleid: java.cookies.cookie-without-secure
        c.setSecure(false);
    }

    void good(HttpServletResponse response, String id) {
        Cookie c = new Cookie("session", id);
        // ok: java.cookies.cookie-without-secure
        c.setSecure(true);
        c.setHttpOnly(true);
        // ok: java.cookies.cookie-without-secure
        response.addCookie(c);
    }
}
