using Microsoft.AspNetCore.Http;

public class Login
{
    public void Set(HttpResponse response, string sid)
    {
        // ruleid: csharp.cookies.insecure-cookie
        response.Cookies.Append("sid", sid, new CookieOptions { HttpOnly = true, Secure = false });
        var cookie = new System.Web.HttpCookie("auth", sid);
        // ruleid: csharp.cookies.insecure-cookie
        cookie.HttpOnly = false;
        // ok: csharp.cookies.insecure-cookie
        response.Cookies.Append("sid", sid, new CookieOptions { HttpOnly = true, Secure = true });
        // ok: csharp.cookies.insecure-cookie
        cookie.Secure = true;
        // ok: csharp.cookies.insecure-cookie
        var opts = new CookieOptions { IsEssential = false };
    }
}
