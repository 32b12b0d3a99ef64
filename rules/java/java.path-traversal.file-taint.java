import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Tfile_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.path-traversal.file-taint
        new File("/srv/data/" + value);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.path-traversal.file-taint
        new File("/srv/data/" + built);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + built);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + env);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.path-traversal.file-taint
        new File("/srv/data/" + data);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + fixed);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + data);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + data);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.path-traversal.file-taint
        new File("/srv/data/" + h.name);
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + h.kind);
    }

    void sanitized(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = System.getenv("X");
        String clean = FilenameUtils.getName(env);
        // ok: java.path-traversal.file-taint
        new File("/srv/data/" + clean);
    }
}

class Holder {
    String name;
    String kind;
}

class PathForms extends javax.servlet.http.HttpServlet {
    void qualifiedAndNio(HttpServletRequest request, java.nio.file.Path base) throws Exception {
        String name = request.getParameter("name");
        // ruleid: java.path-traversal.file-taint
        new java.io.FileInputStream("/srv/data/" + name);
        // ruleid: java.path-traversal.file-taint
        java.nio.file.Paths.get("/srv/data", name);
        // ok: java.path-traversal.file-taint
        java.nio.file.Paths.get("/srv/data", "index.html");
    }

    void containerResources(HttpServletRequest request, HttpServletResponse response, ClassLoader loader) throws Exception {
        String page = request.getParameter("page");
        // ruleid: java.path-traversal.file-taint
        request.getRequestDispatcher("/WEB-INF/" + page).forward(request, response);
        // ruleid: java.path-traversal.file-taint
        getServletContext().getResourceAsStream(page);
        // ruleid: java.path-traversal.file-taint
        loader.getResource("templates/" + page);
        // ok: java.path-traversal.file-taint
        request.getRequestDispatcher("/WEB-INF/home.jsp").forward(request, response);
    }
}
