package com.example

import java.io.File
import java.io.FileInputStream
import java.nio.file.Paths
import javax.servlet.http.HttpServletRequest
import org.springframework.web.bind.annotation.*

class Upload {
    var dest: String = ""
    var src: String = "/tmp/upload.bin"
}

@RestController
class FileController {
    private val base = "/srv/uploads"
    private var current: String = ""

    @GetMapping("/files/{name}")
    fun download(@PathVariable name: String): ByteArray {
        // ruleid: kotlin.path-traversal.file-taint
        return File(base, name).readBytes()
    }

    @GetMapping("/read")
    fun read(request: HttpServletRequest): String {
        val name = request.getParameter("name")
        val p = "$base/$name"
        // ruleid: kotlin.path-traversal.file-taint
        return Paths.get(p).toFile().readText()
    }

    @PostMapping("/save")
    fun save(@RequestParam("user") user: String, @RequestBody body: String): String {
        // ruleid: kotlin.path-traversal.file-taint
        FileInputStream("/home/" + user + "/avatar.png").close()
        return "ok"
    }

    @GetMapping("/current")
    fun current(request: HttpServletRequest): String {
        this.current = request.getHeader("X-Path")
        // ruleid: kotlin.path-traversal.file-taint
        return File(this.current).readText()
    }

    @GetMapping("/move")
    fun move(request: HttpServletRequest): String {
        val u = Upload()
        u.dest = request.getParameter("dest")
        // ruleid: kotlin.path-traversal.file-taint
        File(u.dest).writeText("x")
        // ok: kotlin.path-traversal.file-taint
        File(u.src).delete()
        return "ok"
    }

    @GetMapping("/basename")
    fun basename(@RequestParam name: String): String {
        // todook: kotlin.path-traversal.file-taint
        val safe = File(name).name
        // ok: kotlin.path-traversal.file-taint
        return File(base, safe).readText()
    }

    @GetMapping("/plain")
    fun plain(name: String): String {
        // ok: kotlin.path-traversal.file-taint
        return File(base, name).readText()
    }
}

fun fromList(request: HttpServletRequest) {
    val paths = mutableListOf<String>()
    paths.add(request.getParameter("p"))
    // ruleid: kotlin.path-traversal.file-taint
    File(paths[0]).delete()
}

fun fromEnv() {
    val dir = System.getenv("DATA_DIR")
    // ok: kotlin.path-traversal.file-taint
    File("$dir/cache").mkdirs()
}

fun deadBranch(request: HttpServletRequest) {
    var name = "index.html"
    if (false) {
        name = request.getParameter("name")
    }
    // ok: kotlin.path-traversal.file-taint
    File("/srv/" + name).readText()
}

fun overwritten(request: HttpServletRequest) {
    var name = request.getParameter("name")
    name = "index.html"
    // ok: kotlin.path-traversal.file-taint
    File("/srv/" + name).readText()
}

fun under(dir: String, file: String): String {
    return "$dir/$file"
}

fun throughHelper() {
    val p = under("/srv", readln())
    // ruleid: kotlin.path-traversal.file-taint
    File(p).delete()
}

fun load(path: String): String {
    // ruleid: kotlin.path-traversal.file-taint
    return File(path).readText()
}

fun callsSink(request: HttpServletRequest) {
    load("/srv/" + request.getParameter("doc"))
}

fun descend(dir: String, depth: Int) {
    if (depth == 0) {
        // ok: kotlin.path-traversal.file-taint
        File(dir).deleteRecursively()
        return
    }
    descend("$dir/sub", depth - 1)
}

fun startsRecursion() {
    descend(System.getenv("ROOT"), 2)
}
