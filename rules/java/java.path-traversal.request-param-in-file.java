import java.io.*;
import java.nio.file.*;
import javax.servlet.http.HttpServletRequest;
import org.apache.commons.io.FilenameUtils;

public class Files2 {
    static final String UPLOAD_DIR = "/srv/uploads";

    void read(HttpServletRequest request) throws IOException {
        // ruleid: java.path-traversal.request-param-in-file
        File f = new File(UPLOAD_DIR, request.getParameter("name"));
        // ruleid: java.path-traversal.request-param-in-file
        FileInputStream in = new FileInputStream(UPLOAD_DIR + "/" + request.getParameter("file"));
        // ruleid: java.path-traversal.request-param-in-file
        byte[] data = Files.readAllBytes(Paths.get(UPLOAD_DIR, request.getParameter("doc")));
    }

    void safe(HttpServletRequest request) throws IOException {
        // ok: java.path-traversal.request-param-in-file
        File f = new File(UPLOAD_DIR, FilenameUtils.getName(request.getParameter("name")));
        // ok: java.path-traversal.request-param-in-file
        File g = new File(UPLOAD_DIR, "index.html");
        // ok: java.path-traversal.request-param-in-file
        Path p = Paths.get(UPLOAD_DIR, "static");
    }
}
