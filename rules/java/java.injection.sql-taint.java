import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Tsql_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + value + "'");
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + built + "'");
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + built + "'");
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + env + "'");
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + data + "'");
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + fixed + "'");
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + data + "'");
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + data + "'");
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + h.name + "'");
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + h.kind + "'");
    }

    void safeForm(HttpServletRequest request, Statement stmt) throws Exception {
        String value = request.getParameter("q");
        // ok: java.injection.sql-taint
        stmt.executeQuery("select * from users");
    }
}

class Holder {
    String name;
    String kind;
}

class SqlForms {
    private org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    void springTemplates(HttpServletRequest request, Cache cache) throws Exception {
        String id = request.getParameter("id");
        // ruleid: java.injection.sql-taint
        jdbcTemplate.update("DELETE FROM t WHERE id = " + id);
        // ruleid: java.injection.sql-taint
        jdbcTemplate.queryForRowSet("SELECT * FROM t WHERE id = " + id);
        // ok: java.injection.sql-taint
        jdbcTemplate.update("DELETE FROM t WHERE id = ?", id);
        // ok: java.injection.sql-taint
        cache.update(id);
    }

    void callable(HttpServletRequest request, Connection connection) throws Exception {
        java.util.Enumeration<String> headers = request.getHeaders("X-Proc");
        String proc = headers.nextElement();
        // ruleid: java.injection.sql-taint
        connection.prepareCall("{call " + proc + "}");
    }
}

interface Cache {
    void update(String key);
}

@org.springframework.web.bind.annotation.RestController
class SpringSources {
    private Statement stmt;

    @GetMapping("/users")
    public String byName(@RequestParam String name, @RequestParam(value = "sort", required = false) String sort, Model model) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM users ORDER BY " + sort);
        return "users";
    }

    @GetMapping("/users/{id}")
    public String byId(@PathVariable("id") String id, @RequestHeader("X-Tenant") String tenant) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM users WHERE id = " + id);
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM " + tenant + ".users");
        return "user";
    }

    @PostMapping("/search")
    public String search(String q, @CookieValue("pref") String pref) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM items WHERE title LIKE '%" + q + "%'");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM prefs WHERE k = '" + pref + "'");
        return "items";
    }

    public String notAHandler(String q, @Deprecated String old) throws Exception {
        // ok: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM items WHERE title = '" + q + "'");
        // ok: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM items WHERE title = '" + old + "'");
        return "items";
    }
}

@javax.ws.rs.Path("/orders")
class JaxRsSources {
    private Statement stmt;

    @javax.ws.rs.GET
    public String get(@QueryParam("customer") String customer, @PathParam("id") String id, @HeaderParam("X-Trace") String trace, int limit) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM orders WHERE customer = '" + customer + "'");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM orders WHERE id = " + id);
        // ok: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM orders LIMIT " + limit);
        return "";
    }

    @javax.ws.rs.POST
    public String post(@FormParam("note") final String note) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeUpdate("INSERT INTO notes VALUES ('" + note + "')");
        return "";
    }
}

@org.springframework.stereotype.Controller
class TypedBindings {
    private Statement stmt;

    @GetMapping("/page")
    public String page(@RequestParam("n") int n, @RequestParam("id") java.util.UUID id, @RequestParam("q") String q) throws Exception {
        // ok: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM t LIMIT " + n);
        // ok: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM t WHERE id = '" + id + "'");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM t WHERE q = '" + q + "'");
        return "page";
    }
}

class Uploads {
    void part(HttpServletRequest request, javax.mail.Multipart mail, Statement stmt) throws Exception {
        String name = request.getPart("file").getSubmittedFileName();
        // ruleid: java.injection.sql-taint
        stmt.executeUpdate("INSERT INTO uploads VALUES ('" + name + "')");
        String subject = mail.getPart(0).getContentType();
        // ok: java.injection.sql-taint
        stmt.executeUpdate("INSERT INTO mails VALUES ('" + subject + "')");
    }
}

class JaxRsContext {
    private Statement stmt;

    @javax.ws.rs.GET
    public String get(@javax.ws.rs.core.Context javax.ws.rs.core.UriInfo uriInfo, @javax.ws.rs.core.Context HttpHeaders headers) throws Exception {
        String name = uriInfo.getQueryParameters().getFirst("name");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM t WHERE name = '" + name + "'");
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM t WHERE lang = '" + headers.getHeaderString("Accept-Language") + "'");
        return "";
    }

    void springHeaders(org.springframework.http.ResponseEntity<String> entity) throws Exception {
        // ok: java.injection.sql-taint
        stmt.executeQuery("SELECT * FROM t WHERE etag = '" + entity.getHeaders().getETag() + "'");
    }
}
