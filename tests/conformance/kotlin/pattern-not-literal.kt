fun load(name: String) {
    // ruleid: conformance.kotlin.pattern-not-literal
    val a = Class.forName(name)
    // ruleid: conformance.kotlin.pattern-not-literal
    val b = Class.forName("app." + name)
    // ok: conformance.kotlin.pattern-not-literal
    val c = Class.forName("java.lang.String")
    // ok: conformance.kotlin.pattern-not-literal
    val d = ClassLoader.getSystemClassLoader()
}
