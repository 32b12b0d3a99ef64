import java.io.*;
import java.net.*;
import java.sql.*;
import javax.naming.directory.DirContext;
import javax.servlet.http.*;
import javax.xml.xpath.XPath;

class Tcommand_taint {
    private static final boolean DEBUG = false;
    private String saved;

    void direct(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String value = request.getParameter("q");
        // ruleid: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + value);
    }

    void throughVariables(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Socket socket = new ServerSocket(4000).accept();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ruleid: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + built);
    }

    void consoleIsLocal(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        String line = reader.readLine();
        StringBuilder sb = new StringBuilder();
        sb.append("x").append(line);
        String built = sb.toString();
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + built);
    }

    String helper(String in) {
        return in.trim();
    }

    void throughHelper(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String env = helper(System.getenv("DATA"));
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + env);
    }

    void sinkMethod(String data, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        // ruleid: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + data);
    }

    void callsSink(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        sinkMethod(request.getHeader("X-Name"), response, stmt, ctx, xp, conn);
    }

    void constant(HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String fixed = "report";
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + fixed);
    }

    void overwritten(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = request.getParameter("q");
        data = "fixed";
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + data);
    }

    void deadBranch(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        String data = "fixed";
        if (DEBUG) {
            data = request.getParameter("q");
        }
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + data);
    }

    void field(HttpServletRequest request, HttpServletResponse response, Statement stmt, DirContext ctx, XPath xp, Connection conn) throws Exception {
        Holder h = new Holder();
        h.name = request.getParameter("q");
        h.kind = "plain";
        // ruleid: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + h.name);
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + h.kind);
        Holder copy = h;
        // ruleid: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + copy.name);
        // ok: java.injection.command-taint
        Runtime.getRuntime().exec("ls " + copy.kind);
    }
}

class Holder {
    String name;
    String kind;
}

class CommandForms {
    void runtimeVariable(HttpServletRequest request) throws Exception {
        String arg = request.getParameter("host");
        Runtime r = Runtime.getRuntime();
        // ruleid: java.injection.command-taint
        r.exec("ping -c 1 " + arg);
        String[] env = { "HOST=" + arg };
        // ruleid: java.injection.command-taint
        r.exec(new String[] { "ping", "-c", "1", "example.org" }, env);
        // ok: java.injection.command-taint
        r.exec("ping -c 1 example.org");
    }

    void processBuilders(HttpServletRequest request) throws Exception {
        String arg = request.getParameter("file");
        // ruleid: java.injection.command-taint
        new ProcessBuilder("sh", "-c", "cat " + arg).start();
        java.util.List<String> argv = new java.util.ArrayList<>();
        argv.add("ls");
        argv.add(arg);
        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: java.injection.command-taint
        pb.command(argv);
        // ok: java.injection.command-taint
        new ProcessBuilder("ls", "-l").start();
    }

    void otherExecMethods(HttpServletRequest request, Interpreter shell, ExecutorLike jobs) throws Exception {
        String arg = request.getParameter("script");
        // ok: java.injection.command-taint
        shell.exec(arg);
        // ok: java.injection.command-taint
        jobs.command(arg);
    }

    void switches(HttpServletRequest request, int mode) throws Exception {
        Runtime r = Runtime.getRuntime();
        String cmd = "ls";
        switch (mode) {
            case 1:
                String host = request.getParameter("host");
                // ruleid: java.injection.command-taint
                r.exec("ping " + host);
                break;
            case 2:
                cmd = request.getParameter("cmd");
                break;
            case 3:
                // ok: java.injection.command-taint
                r.exec(cmd);
                break;
            default:
                cmd = "true";
        }
        String tool = switch (request.getParameter("tool")) {
            case "disk" -> "df -h";
            default -> "uptime";
        };
        // ok: java.injection.command-taint
        r.exec(tool);
    }
}

interface Interpreter {
    void exec(String script);
}

interface ExecutorLike {
    void command(String name);
}
