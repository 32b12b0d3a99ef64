public class PatternInsideLoop {
    String join(String[] parts) {
        String s = "";
        for (int i = 0; i < parts.length; i++) {
            // ruleid: conformance.java.pattern-inside-loop
            s += parts[i];
        }
        for (String p : parts) {
            if (p != null) {
                // ruleid: conformance.java.pattern-inside-loop
                s += p;
            }
        }
        // ok: conformance.java.pattern-inside-loop
        s += "!";
        return s;
    }

    int total(int a) {
        int t = 0;
        // ok: conformance.java.pattern-inside-loop
        t += a;
        return t;
    }
}
