fun quit(code: Int) {
    // ruleid: conformance.kotlin.call-literal-args
    System.exit(1)
    // ok: conformance.kotlin.call-literal-args
    System.exit(0)
    // ok: conformance.kotlin.call-literal-args
    System.exit(code)
    // ok: conformance.kotlin.call-literal-args
    exitProcess(1)
    // ruleid: conformance.kotlin.call-literal-args
    System.exit(
        1
    )
}

fun exitProcess(c: Int) {}
