public class EquivParens {
    void f(boolean a, boolean b, boolean c) {
        // ruleid: conformance.java.equiv-parens
        check(a && b);
        // ruleid: conformance.java.equiv-parens
        check((a && b));
        // ruleid: conformance.java.equiv-parens
        check((a) && (b));
        // ok: conformance.java.equiv-parens
        check(a || b);
        // ok: conformance.java.equiv-parens
        check((a && b) || c);
        // ok: conformance.java.equiv-parens
        check(a && b && c);
    }

    void check(boolean x) {
    }
}
