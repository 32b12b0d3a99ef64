using Microsoft.AspNetCore.Mvc;

public class AccountController : Controller
{
    public IActionResult Done()
    {
        // ruleid: csharp.redirect.request-data-in-redirect
        return Redirect(Request.Query["returnUrl"]);
    }

    public void Legacy(System.Web.HttpResponse response, System.Web.HttpRequest request)
    {
        // ruleid: csharp.redirect.request-data-in-redirect
        Response.Redirect(Request.QueryString["url"]);
    }

    public IActionResult Safe()
    {
        // ok: csharp.redirect.request-data-in-redirect
        return LocalRedirect(Request.Query["returnUrl"]);
    }

    public IActionResult Home()
    {
        // ok: csharp.redirect.request-data-in-redirect
        return Redirect("/home");
    }
}
