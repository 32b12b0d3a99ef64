class Api {
    // ruleid: conformance.java.ellipsis-annotation-elements
    @Route(path = "/a", verb = "DELETE", auth = false)
    public String remove() {
        return "";
    }

    // ruleid: conformance.java.ellipsis-annotation-elements
    @Route(verb = "DELETE")
    public void drop() {
    }

    // ok: conformance.java.ellipsis-annotation-elements
    @Route(path = "/b", verb = "GET")
    public String read() {
        return "";
    }
}
