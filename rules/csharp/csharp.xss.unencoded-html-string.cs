using Microsoft.AspNetCore.Html;

public class Profiles
{
    public IHtmlContent Bio(string bio, System.Text.Encodings.Web.HtmlEncoder encoder)
    {
        // ruleid: csharp.xss.unencoded-html-string
        var a = new HtmlString(bio);
        // ruleid: csharp.xss.unencoded-html-string
        var b = new HtmlString("<p>" + bio + "</p>");
        // ok: csharp.xss.unencoded-html-string
        var c = new HtmlString("<hr/>");
        // ok: csharp.xss.unencoded-html-string
        var d = new HtmlString(encoder.Encode(bio));
        return a;
    }
}
