import javax.servlet.http.HttpServletResponse

fun cors(resp: HttpServletResponse, origin: String) {
    // ruleid: conformance.kotlin.focus-mv-arg
    resp.setHeader("Access-Control-Allow-Origin", "*")
    // ok: conformance.kotlin.focus-mv-arg
    resp.setHeader(
        "Access-Control-Allow-Origin",
        // ruleid: conformance.kotlin.focus-mv-arg
        origin
    )
    // ok: conformance.kotlin.focus-mv-arg
    resp.setHeader("Content-Type", "*")
}
