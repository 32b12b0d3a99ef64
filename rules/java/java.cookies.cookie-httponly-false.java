import javax.servlet.http.Cookie;
import org.springframework.http.ResponseCookie;

public class HttpOnly {
    void set(Cookie c) {
        // ruleid: java.cookies.cookie-httponly-false
        c.setHttpOnly(false);
        // ok: java.cookies.cookie-httponly-false
        c.setHttpOnly(true);
    }

    ResponseCookie spring(String id) {
        // ruleid: java.cookies.cookie-httponly-false
        return ResponseCookie.from("sid", id).secure(true).httpOnly(false).build();
    }

    ResponseCookie good(String id) {
        // ok: java.cookies.cookie-httponly-false
        return ResponseCookie.from("sid", id).secure(true).httpOnly(true).build();
    }
}
