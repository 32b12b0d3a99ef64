import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Topen_redirect_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.redirect.open-redirect-taint
        response.sendRedirect(value);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.redirect.open-redirect-taint
        response.sendRedirect(built);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.redirect.open-redirect-taint
        response.sendRedirect(built);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.redirect.open-redirect-taint
        response.sendRedirect(env);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.redirect.open-redirect-taint
        response.sendRedirect(data);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.redirect.open-redirect-taint
        response.sendRedirect(fixed);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.redirect.open-redirect-taint
        response.sendRedirect(data);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.redirect.open-redirect-taint
        response.sendRedirect(data);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.redirect.open-redirect-taint
        response.sendRedirect(h.name);
        // ok: java.redirect.open-redirect-taint
        response.sendRedirect(h.kind);
    }
}

class Holder {
    String name;
    String kind;
}

class SpringRedirects {
    String viewName(HttpServletRequest request) {
        String next = request.getParameter("next");
        // ruleid: java.redirect.open-redirect-taint
        return "redirect:" + next;
    }

    Object view(HttpServletRequest request) {
        // ruleid: java.redirect.open-redirect-taint
        return new RedirectView(request.getParameter("next"));
    }

    String fixedView(HttpServletRequest request) {
        String next = request.getParameter("next");
        // ok: java.redirect.open-redirect-taint
        return "redirect:/home";
    }
}
