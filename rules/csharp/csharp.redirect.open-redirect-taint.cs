using System;
using Microsoft.AspNetCore.Mvc;

public class State
{
    public string Back;
    public string Home = "/";
}

public class AccountController : Controller
{
    public IActionResult Direct()
    {
        // ruleid: csharp.redirect.open-redirect-taint
        return Redirect(Request.Query["returnUrl"]);
    }

    public IActionResult ThroughVariables()
    {
        string target = Request.Form["next"];
        var url = target;
        // ruleid: csharp.redirect.open-redirect-taint
        return RedirectPermanent(url);
    }

    public IActionResult Interpolated()
    {
        var host = Request.Headers["X-Forwarded-Host"].ToString();
        // ruleid: csharp.redirect.open-redirect-taint
        return new RedirectResult($"https://{host}/login");
    }

    public void Classic()
    {
        string back = Request.Cookies["back"];
        // ruleid: csharp.redirect.open-redirect-taint
        Response.Redirect(back);
    }

    public IActionResult Field()
    {
        var st = new State();
        st.Back = Request.Query["back"];
        // ruleid: csharp.redirect.open-redirect-taint
        return Redirect(st.Back);
    }

    public IActionResult FieldSafe()
    {
        var st = new State();
        st.Back = Request.Query["back"];
        // ok: csharp.redirect.open-redirect-taint
        return Redirect(st.Home);
    }

    public IActionResult Local()
    {
        // ok: csharp.redirect.open-redirect-taint
        return LocalRedirect(Request.Query["returnUrl"]);
    }

    public IActionResult Encoded()
    {
        var q = Uri.EscapeDataString(Request.Query["q"]);
        // ok: csharp.redirect.open-redirect-taint
        return Redirect("/search?q=" + q);
    }

    public IActionResult DeadBranch()
    {
        string url = "/";
        if (false)
        {
            url = Request.Query["next"];
        }
        // ok: csharp.redirect.open-redirect-taint
        return Redirect(url);
    }

    public IActionResult Overwritten()
    {
        string url = Request.Query["next"];
        url = "/home";
        // ok: csharp.redirect.open-redirect-taint
        return Redirect(url);
    }

    private IActionResult Bounce(string where)
    {
        // ruleid: csharp.redirect.open-redirect-taint
        return Redirect(where);
    }

    public IActionResult CallsSink()
    {
        return Bounce(Request.Query["where"]);
    }
}
