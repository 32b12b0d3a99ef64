public class NotInsideTry {
    int parse(String s, String t) {
        // ruleid: conformance.java.not-inside-try
        int a = Integer.parseInt(s);
        int b = 0;
        try {
            // ok: conformance.java.not-inside-try
            b = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            b = -1;
        }
        // ok: conformance.java.not-inside-try
        long c = Long.parseLong(s);
        // ruleid: conformance.java.not-inside-try
        return a + b + (int) c + Integer.parseInt(t);
    }
}
