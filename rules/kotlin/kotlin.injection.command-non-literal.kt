fun run(host: String, script: String) {
    // ruleid: kotlin.injection.command-non-literal
    Runtime.getRuntime().exec("ping -c 1 $host")
    // ruleid: kotlin.injection.command-non-literal
    ProcessBuilder("sh", "-c", script).start()
    // ok: kotlin.injection.command-non-literal
    Runtime.getRuntime().exec("uptime")
    // ok: kotlin.injection.command-non-literal
    ProcessBuilder("ping", "-c", "1", host).start()
    // ok: kotlin.injection.command-non-literal
    ProcessBuilder("sh", "-c", "ls -l /tmp").start()
}
