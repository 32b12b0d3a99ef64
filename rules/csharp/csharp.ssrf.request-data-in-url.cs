using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

public class ProxyController : Controller
{
    private readonly HttpClient http = new HttpClient();

    public async Task<IActionResult> Get()
    {
        // ruleid: csharp.ssrf.request-data-in-url
        var a = await http.GetStringAsync(Request.Query["url"]);
        // ruleid: csharp.ssrf.request-data-in-url
        var b = WebRequest.Create("http://" + Request.Form["host"] + "/status");
        // ok: csharp.ssrf.request-data-in-url
        var c = await http.GetStringAsync("https://api.example.com/search?q=" + Uri.EscapeDataString(Request.Query["q"]));
        // ok: csharp.ssrf.request-data-in-url
        var d = await http.GetStringAsync("https://api.example.com/health");
        return Ok(a + b + c + d);
    }
}
