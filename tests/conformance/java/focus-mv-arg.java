import javax.servlet.http.HttpServletResponse;

public class FocusMvArg {
    void cors(HttpServletResponse resp, String origin) {
        // ruleid: conformance.java.focus-mv-arg
        resp.setHeader("Access-Control-Allow-Origin", "*");
        // ok: conformance.java.focus-mv-arg
        resp.setHeader(
            "Access-Control-Allow-Origin",
            // ruleid: conformance.java.focus-mv-arg
            origin);
        // ok: conformance.java.focus-mv-arg
        resp.setHeader("Content-Type", "*");
    }
}
