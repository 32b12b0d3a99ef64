using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.AspNetCore.Mvc;

public class Upload
{
    public string Dest;
    public string Src = "/tmp/upload.bin";
}

public class FilesController : Controller
{
    private const string Base = "/srv/uploads";
    private string current;

    public IActionResult Direct()
    {
        // ruleid: csharp.path-traversal.file-taint
        return Content(System.IO.File.ReadAllText(Base + "/" + Request.Query["name"]));
    }

    public IActionResult Combine()
    {
        string name = Request.Query["name"];
        string full = Path.Combine(Base, name);
        // ruleid: csharp.path-traversal.file-taint
        return PhysicalFile(full, "application/octet-stream");
    }

    public IActionResult Interpolated()
    {
        var user = Request.Cookies["user"];
        // ruleid: csharp.path-traversal.file-taint
        using var w = new StreamWriter($"/home/{user}/notes.txt");
        return Ok();
    }

    public IActionResult ThisField()
    {
        this.current = Request.Headers["X-Path"].ToString();
        // ruleid: csharp.path-traversal.file-taint
        System.IO.File.Delete(this.current);
        return Ok();
    }

    public IActionResult ObjectField()
    {
        var u = new Upload();
        u.Dest = Request.Form["dest"];
        // ruleid: csharp.path-traversal.file-taint
        System.IO.File.Move(u.Src, u.Dest);
        // ok: csharp.path-traversal.file-taint
        System.IO.File.Move(u.Src, "/srv/archive/upload.bin");
        return Ok();
    }

    public IActionResult FileNameOnly()
    {
        var name = Path.GetFileName(Request.Query["name"].ToString());
        // ok: csharp.path-traversal.file-taint
        return PhysicalFile(Path.Combine(Base, name), "text/plain");
    }

    public IActionResult DeadBranch()
    {
        string name = "index.html";
        if (false)
        {
            name = Request.Query["name"];
        }
        // ok: csharp.path-traversal.file-taint
        return PhysicalFile(Base + "/" + name, "text/html");
    }

    public IActionResult Overwritten()
    {
        string name = Request.Query["name"];
        name = "index.html";
        // ok: csharp.path-traversal.file-taint
        return PhysicalFile(Base + "/" + name, "text/html");
    }
}

public static class Tools
{
    public static void FromList()
    {
        var victims = new List<string>();
        victims.Add(Console.ReadLine());
        foreach (var v in victims)
        {
            // ruleid: csharp.path-traversal.file-taint
            File.Delete(v);
        }
    }

    public static void FromEnv()
    {
        var dir = Environment.GetEnvironmentVariable("DATA_DIR");
        // ok: csharp.path-traversal.file-taint
        Directory.CreateDirectory(dir + "/cache");
    }

    static string Under(string dir, string file)
    {
        return dir + "/" + file;
    }

    public static void ThroughHelper()
    {
        var p = Under("/srv", Console.ReadLine());
        // ruleid: csharp.path-traversal.file-taint
        var fs = new FileStream(p, FileMode.Open);
    }

    static string Load(string file)
    {
        // ok: csharp.path-traversal.file-taint
        return File.ReadAllText(file);
    }

    public static void CallsSink()
    {
        Load("/srv/" + Environment.GetEnvironmentVariable("DOC"));
    }

    static void Descend(string dir, int depth)
    {
        if (depth == 0)
        {
            // ruleid: csharp.path-traversal.file-taint
            Directory.Delete(dir, true);
            return;
        }
        Descend(dir + "/sub", depth - 1);
    }

    public static void StartsRecursion()
    {
        Descend(Console.ReadLine(), 2);
    }
}
