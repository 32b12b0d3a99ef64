using System.IO;
using Microsoft.AspNetCore.Mvc;

public class FilesController : Controller
{
    private const string UploadDir = "/srv/uploads";

    public IActionResult Get()
    {
        // ruleid: csharp.path-traversal.request-data-in-file
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(UploadDir, Request.Query["name"]));
        // ruleid: csharp.path-traversal.request-data-in-file
        var stream = new FileStream(UploadDir + "/" + Request.Form["file"], FileMode.Open);
        return File(bytes, "application/octet-stream");
    }

    public IActionResult Safe()
    {
        // ok: csharp.path-traversal.request-data-in-file
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(UploadDir, Path.GetFileName(Request.Query["name"])));
        // ok: csharp.path-traversal.request-data-in-file
        var config = System.IO.File.ReadAllText("/etc/app/config.json");
        return File(bytes, "application/octet-stream");
    }
}
