import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Tldap_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.injection.ldap-taint
        ctx.search("", "(cn=" + value + ")", null);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.injection.ldap-taint
        ctx.search("", "(cn=" + built + ")", null);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + built + ")", null);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + env + ")", null);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.injection.ldap-taint
        ctx.search("", "(cn=" + data + ")", null);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + fixed + ")", null);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + data + ")", null);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + data + ")", null);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.injection.ldap-taint
        ctx.search("", "(cn=" + h.name + ")", null);
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + h.kind + ")", null);
    }

    void sanitized(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = System.getenv("X");
        String clean = ESAPI.encoder().encodeForLDAP(env);
        // ok: java.injection.ldap-taint
        ctx.search("", "(cn=" + clean + ")", null);
    }
}

class Holder {
    String name;
    String kind;
}

class LdapForms {
    void typedContexts(HttpServletRequest request, javax.naming.directory.InitialDirContext idc, SearchIndex index) throws Exception {
        String user = request.getParameter("user");
        // ruleid: java.injection.ldap-taint
        idc.search("ou=people,dc=example,dc=org", "(uid=" + user + ")", null);
        // ok: java.injection.ldap-taint
        index.search("people", "(uid=" + user + ")", null);
        // ok: java.injection.ldap-taint
        idc.search("ou=people,dc=example,dc=org", "(uid=admin)", null);
    }

    void springTemplate(HttpServletRequest request, LdapTemplate ldap) throws Exception {
        String user = request.getParameter("user");
        // ruleid: java.injection.ldap-taint
        ldap.search("ou=people", "(uid=" + user + ")", null);
    }
}

interface SearchIndex {
    Object search(String index, String query, Object options);
}
