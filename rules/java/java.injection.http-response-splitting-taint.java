import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Thttp_response_splitting_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", value);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", built);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", built);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", env);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", data);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", fixed);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", data);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", data);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", h.name);
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", h.kind);
    }

    void sanitized(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = System.getenv("X");
        String clean = URLEncoder.encode(env);
        // ok: java.injection.http-response-splitting-taint
        response.addHeader("X-Lang", clean);
    }
}

class Holder {
    String name;
    String kind;
}
