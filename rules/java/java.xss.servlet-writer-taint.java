import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Tservlet_writer_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + value + "</p>");
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + built + "</p>");
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + built + "</p>");
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + env + "</p>");
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + data + "</p>");
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + fixed + "</p>");
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + data + "</p>");
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + data + "</p>");
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + h.name + "</p>");
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + h.kind + "</p>");
    }

    void sanitized(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = System.getenv("X");
        String clean = StringEscapeUtils.escapeHtml(env);
        // ok: java.xss.servlet-writer-taint
        response.getWriter().println("<p>" + clean + "</p>");
    }
}

class Holder {
    String name;
    String kind;
}

class XssWriterForms {
    void writerVariable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        PrintWriter out = response.getWriter();
        // ruleid: java.xss.servlet-writer-taint
        out.println("<p>" + name + "</p>");
        // ruleid: java.xss.servlet-writer-taint
        out.write(name);
        // ruleid: java.xss.servlet-writer-taint
        out.format(java.util.Locale.US, name, "a");
        // ok: java.xss.servlet-writer-taint
        out.println("<p>static</p>");
        // ok: java.xss.servlet-writer-taint
        out.println(org.springframework.web.util.HtmlUtils.htmlEscape(name));
    }

    void assignedLater(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out;
        out = response.getWriter();
        // ruleid: java.xss.servlet-writer-taint
        out.print(request.getHeader("Referer"));
    }

    void printfArguments(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object[] args = { "a", request.getHeader("User-Agent") };
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().printf("%s and %s", args);
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().write(request.getParameter("q").toCharArray(), 0, 3);
    }

    void outputStreams(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServletOutputStream os = response.getOutputStream();
        // ruleid: java.xss.servlet-writer-taint
        os.write(request.getParameter("q").getBytes());
        OutputStream raw = response.getOutputStream();
        // ruleid: java.xss.servlet-writer-taint
        raw.write(request.getQueryString().getBytes());
    }

    void fileWriterIsNotTheResponse(HttpServletRequest request) throws IOException {
        PrintWriter log = new PrintWriter(new FileWriter("audit.log"));
        // ok: java.xss.servlet-writer-taint
        log.println(request.getParameter("q"));
    }

    void cookieValue(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Cookie[] cookies = request.getCookies();
        String v = "";
        for (Cookie c : cookies) {
            if (c.getName().equals("pref")) {
                v = java.net.URLDecoder.decode(c.getValue(), "UTF-8");
            }
        }
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().print(v);
    }

    void headerNames(HttpServletRequest request, HttpServletResponse response) throws IOException {
        java.util.Enumeration<String> names = request.getHeaderNames();
        String first = names.nextElement();
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().println(first);
    }

    void parameterMap(HttpServletRequest request, HttpServletResponse response) throws IOException {
        java.util.Map<String, String[]> map = request.getParameterMap();
        String[] values = map.get("q");
        // ruleid: java.xss.servlet-writer-taint
        response.getWriter().println(values[0]);
    }
}
