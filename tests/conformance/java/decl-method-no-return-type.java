class Handlers {
    // ruleid: conformance.java.decl-method-no-return-type
    public String show(int page, @PathParam String id) {
        return id;
    }

    // ruleid: conformance.java.decl-method-no-return-type
    Handlers(@PathParam String id) {
    }

    // ok: conformance.java.decl-method-no-return-type
    public void list(@QueryParam String q) {
    }

    // ok: conformance.java.decl-method-no-return-type
    public void none(String id) {
    }
}
