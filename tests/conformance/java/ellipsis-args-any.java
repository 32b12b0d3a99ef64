public class EllipsisArgsAny {
    Object load(String name, ClassLoader cl) throws Exception {
        // ruleid: conformance.java.ellipsis-args-any
        Class<?> a = Class.forName(name);
        // ruleid: conformance.java.ellipsis-args-any
        Class<?> b = Class.forName(name, true, cl);
        // ok: conformance.java.ellipsis-args-any
        Class<?> c = cl.loadClass(name);
        // ok: conformance.java.ellipsis-args-any
        String d = Class.class.getName();
        return a.toString() + b + c + d;
    }
}
