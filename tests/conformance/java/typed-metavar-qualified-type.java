import javax.naming.directory.DirContext;

class Lookup {
    void find(DirContext ctx, Finder other, String q) {
        // ruleid: conformance.java.typed-metavar-qualified-type
        ctx.search(q);
        // ok: conformance.java.typed-metavar-qualified-type
        other.search(q);
    }
}
