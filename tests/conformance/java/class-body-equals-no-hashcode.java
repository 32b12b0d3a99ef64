public class ClassBodyEqualsNoHashcode {
}

// ruleid: conformance.java.class-body-equals-no-hashcode
class OnlyEquals {
    int v;

    public boolean equals(Object o) {
        return o == this;
    }
}

// ok: conformance.java.class-body-equals-no-hashcode
class Both {
    public boolean equals(Object o) {
        return o == this;
    }

    public int hashCode() {
        return 1;
    }
}

// ok: conformance.java.class-body-equals-no-hashcode
class Neither {
    int v;
}

// ruleid: conformance.java.class-body-equals-no-hashcode
final class FinalOnlyEquals extends Neither {
    @Override
    public boolean equals(Object other) {
        return false;
    }
}
