class Handler {
    void handle(Response response, byte[] body, Log log) {
        ServletOutputStream out = response.getOutputStream();
        // ruleid: conformance.java.metavar-type-local
        out.write(body);
        // ok: conformance.java.metavar-type-local
        log.write(body);
    }

    void param(ServletOutputStream stream, byte[] body) {
        // ruleid: conformance.java.metavar-type-local
        stream.write(body);
    }
}
