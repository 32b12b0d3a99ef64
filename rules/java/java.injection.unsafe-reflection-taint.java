import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Tunsafe_reflection_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.injection.unsafe-reflection-taint
        Class.forName(value);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.injection.unsafe-reflection-taint
        Class.forName(built);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.injection.unsafe-reflection-taint
        Class.forName(built);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.injection.unsafe-reflection-taint
        Class.forName(env);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.injection.unsafe-reflection-taint
        Class.forName(data);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.injection.unsafe-reflection-taint
        Class.forName(fixed);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.injection.unsafe-reflection-taint
        Class.forName(data);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.injection.unsafe-reflection-taint
        Class.forName(data);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.injection.unsafe-reflection-taint
        Class.forName(h.name);
        // ok: java.injection.unsafe-reflection-taint
        Class.forName(h.kind);
    }
}

class Holder {
    String name;
    String kind;
}
