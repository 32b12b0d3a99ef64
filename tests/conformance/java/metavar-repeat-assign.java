public class MetavarRepeatAssign {
    private int count;
    private int size;

    void set(int count, int size) {
        // ruleid: conformance.java.metavar-repeat-assign
        this.count = this.count;
        // ok: conformance.java.metavar-repeat-assign
        this.size = size;
        // ruleid: conformance.java.metavar-repeat-assign
        count = count;
        // ok: conformance.java.metavar-repeat-assign
        size = count;
    }
}
