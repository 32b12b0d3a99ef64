fun run(cmd: String, env: Array<String>) {
    // ruleid: conformance.kotlin.ellipsis-args-any
    Runtime.getRuntime().exec(cmd)
    // ruleid: conformance.kotlin.ellipsis-args-any
    Runtime.getRuntime().exec(cmd, env)
    // ok: conformance.kotlin.ellipsis-args-any
    Runtime.getRuntime().availableProcessors()
    // ok: conformance.kotlin.ellipsis-args-any
    ProcessBuilder(cmd).start()
}
