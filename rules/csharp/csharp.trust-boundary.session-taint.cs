using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

public class SessionController : Controller
{
    public IActionResult Login()
    {
        string user = Request.Query["user"];
        // ruleid: csharp.trust-boundary.session-taint
        HttpContext.Session.SetString("user", user);
        // ruleid: csharp.trust-boundary.session-taint
        HttpContext.Session.SetString("role", Request.Headers["X-Role"]);
        // ok: csharp.trust-boundary.session-taint
        HttpContext.Session.SetInt32("count", int.Parse(Request.Query["n"]));
        // ok: csharp.trust-boundary.session-taint
        HttpContext.Session.SetString("theme", "dark");
        return Ok();
    }
}
