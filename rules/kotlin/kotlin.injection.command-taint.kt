package com.example

import javax.servlet.http.HttpServletRequest
import org.springframework.web.bind.annotation.*

const val DEBUG = false

class Job {
    var script: String = ""
    var name: String = "backup"
}

@RestController
class ToolsController {
    private var target: String = ""
    private val fixedTarget: String = "localhost"

    @GetMapping("/ping")
    fun ping(@RequestParam host: String): String {
        // ruleid: kotlin.injection.command-taint
        Runtime.getRuntime().exec("ping -c 1 " + host)
        return "ok"
    }

    @GetMapping("/lookup/{name}")
    fun lookup(@PathVariable("name") name: String, request: HttpServletRequest): String {
        val cmd = "nslookup $name"
        val line = cmd
        // ruleid: kotlin.injection.command-taint
        Runtime.getRuntime().exec(line)
        return "ok"
    }

    @GetMapping("/tool")
    fun tool(request: HttpServletRequest, @RequestHeader("X-Tool") tool: String, verbose: Boolean): String {
        // ruleid: kotlin.injection.command-taint
        ProcessBuilder(tool, "--version").start()
        return "ok"
    }

    @GetMapping("/grep")
    fun grep(request: HttpServletRequest): String {
        val pattern = request.getParameter("q")
        // ruleid: kotlin.injection.command-taint
        ProcessBuilder("sh", "-c", "grep ${pattern} /var/log/app.log").start()
        return "ok"
    }

    @GetMapping("/format")
    fun format(request: HttpServletRequest): String {
        val file = request.getHeader("X-File")
        // ruleid: kotlin.injection.command-taint
        Runtime.getRuntime().exec(String.format("cat /var/log/%s", file))
        return "ok"
    }

    @GetMapping("/field")
    fun field(request: HttpServletRequest): String {
        this.target = request.getParameter("target")
        // ruleid: kotlin.injection.command-taint
        Runtime.getRuntime().exec("ping " + this.target)
        // ok: kotlin.injection.command-taint
        Runtime.getRuntime().exec("ping " + this.fixedTarget)
        return "ok"
    }

    @GetMapping("/count")
    fun count(@RequestParam n: String): String {
        val c = n.toInt()
        // ok: kotlin.injection.command-taint
        Runtime.getRuntime().exec("ping -c $c localhost")
        return "ok"
    }

    @GetMapping("/args")
    fun args(@RequestParam host: String): String {
        // ok: kotlin.injection.command-taint
        ProcessBuilder(listOf("ping", "-c", "1", host)).start()
        return "ok"
    }

    @GetMapping("/plain")
    fun plain(host: String): String {
        // ok: kotlin.injection.command-taint
        Runtime.getRuntime().exec("ping " + host)
        return "ok"
    }
}

fun fromEnv() {
    val job = Job()
    job.script = System.getenv("BACKUP_SCRIPT")
    // ok: kotlin.injection.command-taint
    Runtime.getRuntime().exec(job.script)
    // ok: kotlin.injection.command-taint
    Runtime.getRuntime().exec("run " + job.name)
}

fun fromList() {
    val parts = mutableListOf("ls")
    parts.add(readLine()!!)
    // ok: kotlin.injection.command-taint
    Runtime.getRuntime().exec(parts.joinToString(" "))
}

fun fromMap() {
    val opts = mutableMapOf<String, String>()
    opts["dir"] = System.getenv("DIR")
    // todoruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec("ls " + opts["dir"])
}

fun fromLoop(request: HttpServletRequest) {
    val files = request.getParameterValues("file")
    for (f in files) {
        // todoruleid: kotlin.injection.command-taint
        Runtime.getRuntime().exec("rm " + f)
    }
}

fun deadBranch(request: HttpServletRequest) {
    var cmd = "uptime"
    if (false) {
        cmd = request.getParameter("cmd")
    }
    // ok: kotlin.injection.command-taint
    Runtime.getRuntime().exec(cmd)
}

fun deadBranchConst(request: HttpServletRequest) {
    var cmd = "uptime"
    if (DEBUG) {
        cmd = request.getParameter("cmd")
    }
    // todook: kotlin.injection.command-taint
    Runtime.getRuntime().exec(cmd)
}

fun overwritten(request: HttpServletRequest) {
    var cmd = request.getParameter("cmd")
    cmd = "uptime"
    // ok: kotlin.injection.command-taint
    Runtime.getRuntime().exec(cmd)
}

fun identity(s: String): String {
    return s
}

fun throughHelper(request: HttpServletRequest) {
    val c = identity(request.getParameter("cmd"))
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(c)
}

fun identityExpr(s: String): String = s

fun throughExpressionHelper(request: HttpServletRequest) {
    val c = identityExpr(request.getParameter("cmd"))
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(c)
}

fun runShell(command: String) {
    // ruleid: kotlin.injection.command-taint
    ProcessBuilder("/bin/sh", "-c", command).start()
}

fun callsSink(request: HttpServletRequest) {
    runShell("echo " + request.getQueryString())
}

fun retry(command: String, n: Int) {
    if (n == 0) {
        // ruleid: kotlin.injection.command-taint
        Runtime.getRuntime().exec(command)
        return
    }
    retry(command, n - 1)
}

fun startsRecursion() {
    retry(readln(), 3)
}

data class Task(val script: String, val name: String)

fun elvis(request: HttpServletRequest) {
    val v = request.getParameter("c") ?: "uptime"
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(v)
}

fun dataClass(request: HttpServletRequest) {
    val t = Task(request.getParameter("c"), "backup")
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(t.script)
    // todook: kotlin.injection.command-taint
    Runtime.getRuntime().exec(t.name)
}

fun stringBuilder(request: HttpServletRequest) {
    val sb = StringBuilder()
    sb.append("ls ").append(request.getParameter("c"))
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(sb.toString())
}

fun scopeFunction(request: HttpServletRequest) {
    val v = request.getParameter("c")
    // todoruleid: kotlin.injection.command-taint
    v.let { Runtime.getRuntime().exec(it) }
}

fun whenExpression(request: HttpServletRequest) {
    val v = request.getParameter("c")
    val cmd = when (v) {
        "a" -> "uptime"
        else -> v
    }
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(cmd)
}

fun plusAssign(request: HttpServletRequest) {
    var cmd = "ls "
    cmd += request.getParameter("c")
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(cmd)
}

fun listLiteral(request: HttpServletRequest) {
    val list = listOf(request.getParameter("c"), "uptime")
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(list[0])
}

fun inlineServletSource(request: HttpServletRequest) {
    // ruleid: kotlin.injection.command-taint
    Runtime.getRuntime().exec(request.getParameter("c"))
}
