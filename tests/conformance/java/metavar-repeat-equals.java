public class MetavarRepeatEquals {
    boolean check(String name, String other, Item item) {
        // ruleid: conformance.java.metavar-repeat-equals
        boolean a = name.equals(name);
        // ruleid: conformance.java.metavar-repeat-equals
        boolean b = item.id.equals(item.id);
        // ok: conformance.java.metavar-repeat-equals
        boolean c = name.equals(other);
        // ok: conformance.java.metavar-repeat-equals
        boolean d = item.id.equals(item.code);
        // ok: conformance.java.metavar-repeat-equals
        boolean e = name.equalsIgnoreCase(name);
        return a && b && c && d && e;
    }
}

class Item {
    String id;
    String code;
}
