package com.example

import java.net.URLEncoder
import javax.servlet.http.HttpServletRequest
import javax.servlet.http.HttpServletResponse
import org.springframework.web.bind.annotation.*
import org.springframework.web.servlet.view.RedirectView

class State {
    var back: String = ""
    var home: String = "/"
}

@Controller
class LoginController {
    @GetMapping("/login")
    fun login(@RequestParam next: String, response: HttpServletResponse) {
        // ruleid: kotlin.redirect.open-redirect-taint
        response.sendRedirect(next)
    }

    @GetMapping("/back")
    fun back(request: HttpServletRequest, response: HttpServletResponse) {
        val target = request.getHeader("Referer")
        val url = target
        // ruleid: kotlin.redirect.open-redirect-taint
        response.setHeader("Location", url)
    }

    @GetMapping("/host")
    fun host(@RequestHeader("X-Forwarded-Host") host: String): RedirectView {
        // ruleid: kotlin.redirect.open-redirect-taint
        return RedirectView("https://$host/welcome")
    }

    @GetMapping("/state")
    fun state(request: HttpServletRequest, response: HttpServletResponse) {
        val st = State()
        st.back = request.getParameter("back")
        // ruleid: kotlin.redirect.open-redirect-taint
        response.sendRedirect(st.back)
        // ok: kotlin.redirect.open-redirect-taint
        response.sendRedirect(st.home)
    }

    @GetMapping("/encoded")
    fun encoded(@RequestParam q: String, response: HttpServletResponse) {
        val e = URLEncoder.encode(q, "UTF-8")
        // ok: kotlin.redirect.open-redirect-taint
        response.sendRedirect("/search?q=" + e)
    }

    @GetMapping("/dead")
    fun dead(request: HttpServletRequest, response: HttpServletResponse) {
        var url = "/"
        if (false) {
            url = request.getParameter("next")
        }
        // ok: kotlin.redirect.open-redirect-taint
        response.sendRedirect(url)
    }

    @GetMapping("/overwrite")
    fun overwrite(request: HttpServletRequest, response: HttpServletResponse) {
        var url = request.getParameter("next")
        url = "/home"
        // ok: kotlin.redirect.open-redirect-taint
        response.sendRedirect(url)
    }
}

fun bounce(response: HttpServletResponse, where: String) {
    // ruleid: kotlin.redirect.open-redirect-taint
    response.sendRedirect(where)
}

fun callsSink(request: HttpServletRequest, response: HttpServletResponse) {
    bounce(response, request.getParameter("where"))
}
