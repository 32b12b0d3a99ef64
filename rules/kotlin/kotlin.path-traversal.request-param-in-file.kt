import java.io.File
import java.nio.file.Paths
import javax.servlet.http.HttpServletRequest
import org.apache.commons.io.FilenameUtils

const val UPLOAD_DIR = "/srv/uploads"

fun read(request: HttpServletRequest): ByteArray {
    // ruleid: kotlin.path-traversal.request-param-in-file
    val f = File(UPLOAD_DIR, request.getParameter("name"))
    // ruleid: kotlin.path-traversal.request-param-in-file
    val p = Paths.get(UPLOAD_DIR, request.getParameter("doc"))
    // ok: kotlin.path-traversal.request-param-in-file
    val g = File(UPLOAD_DIR, FilenameUtils.getName(request.getParameter("name")))
    // ok: kotlin.path-traversal.request-param-in-file
    val h = File(UPLOAD_DIR, "index.html")
    return f.readBytes() + p.toFile().readBytes() + g.readBytes() + h.readBytes()
}
