import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Txpath_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + value + "']", doc);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + built + "']", doc);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + built + "']", doc);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + env + "']", doc);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + data + "']", doc);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + fixed + "']", doc);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + data + "']", doc);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + data + "']", doc);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + h.name + "']", doc);
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + h.kind + "']", doc);
    }

    void sanitized(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = System.getenv("X");
        String clean = StringEscapeUtils.escapeXml(env);
        // ok: java.injection.xpath-taint
        xp.evaluate("//user[name/text()='" + clean + "']", doc);
    }
}

class Holder {
    String name;
    String kind;
}

class XPathForms {
    void factoryForms(HttpServletRequest request, org.w3c.dom.Document doc) throws Exception {
        String id = request.getParameter("id");
        javax.xml.xpath.XPath xp = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        String expression = "/users/user[@id='" + id + "']";
        // ruleid: java.injection.xpath-taint
        xp.compile(expression).evaluate(doc);
        // ruleid: java.injection.xpath-taint
        javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(expression, doc);
        // ok: java.injection.xpath-taint
        xp.evaluate("/users/user[@id='1']", doc);
    }

    void regexIsNotXPath(HttpServletRequest request) {
        String p = request.getParameter("p");
        // ok: java.injection.xpath-taint
        java.util.regex.Pattern.compile(p);
        // ok: java.injection.xpath-taint
        javax.script.Compilable c = null;
    }
}
