import java.io.IOException;
import javax.servlet.http.HttpServletRequest;

public class Ping {
    public void ping(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        // ruleid: java.injection.runtime-exec-non-literal
        Runtime.getRuntime().exec("ping -c 1 " + host);
    }

    public void run(String cmd) throws IOException {
        Runtime rt = Runtime.getRuntime();
        // ruleid: java.injection.runtime-exec-non-literal
        rt.exec(cmd);
    }

    public void shell(String script) throws IOException {
        // ruleid: java.injection.runtime-exec-non-literal
        new ProcessBuilder(script).start();
    }

    public void shellC(String name) throws IOException {
        // ruleid: java.injection.runtime-exec-non-literal
        new ProcessBuilder("sh", "-c", "grep " + name + " /etc/passwd").start();
    }

    public void safe(String host) throws IOException {
        // ok: java.injection.runtime-exec-non-literal
        Runtime.getRuntime().exec("uptime");
        // ok: java.injection.runtime-exec-non-literal
        new ProcessBuilder("ping", "-c", "1").start();
        // ok: java.injection.runtime-exec-non-literal
        Runtime.getRuntime().exec(new String[] {"ls", "-l"});
        // ok: java.injection.runtime-exec-non-literal
        Runtime.getRuntime().availableProcessors();
        // ok: java.injection.runtime-exec-non-literal
        new ProcessBuilder("sh", "-c", "ls -l /tmp").start();
    }
}
