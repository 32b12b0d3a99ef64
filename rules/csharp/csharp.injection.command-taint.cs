using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

public class Job
{
    public string Script;
    public string Name = "backup";
}

public class ToolsController : Controller
{
    private const bool Debug = false;
    private string target;
    private string fixedTarget = "localhost";

    public IActionResult Direct()
    {
        // ruleid: csharp.injection.command-taint
        Process.Start("cmd.exe", "/c ping " + Request.Query["host"]);
        return Ok();
    }

    public IActionResult ThroughVariables()
    {
        string host = Request.Form["host"];
        string cmd = $"/c nslookup {host}";
        var line = cmd;
        // ruleid: csharp.injection.command-taint
        Process.Start("cmd.exe", line);
        return Ok();
    }

    public IActionResult Program()
    {
        var tool = Request.Headers["X-Tool"].ToString();
        // ruleid: csharp.injection.command-taint
        var psi = new ProcessStartInfo(tool);
        // ruleid: csharp.injection.command-taint
        Process.Start(psi);
        return Ok();
    }

    public IActionResult StartInfo()
    {
        var psi = new ProcessStartInfo();
        psi.FileName = "/bin/sh";
        // ruleid: csharp.injection.command-taint
        psi.Arguments = "-c \"ls " + Request.Cookies["dir"] + "\"";
        // ruleid: csharp.injection.command-taint
        Process.Start(psi);
        return Ok();
    }

    public IActionResult Legacy()
    {
        string file = Request["file"];
        // ruleid: csharp.injection.command-taint
        Process.Start("cmd.exe", String.Format("/c type {0}", file));
        return Ok();
    }

    public IActionResult ThisField()
    {
        this.target = HttpContext.Request.Query["target"];
        // ruleid: csharp.injection.command-taint
        Process.Start("cmd.exe", "/c ping " + this.target);
        // ok: csharp.injection.command-taint
        Process.Start("cmd.exe", "/c ping " + this.fixedTarget);
        return Ok();
    }

    public IActionResult Sanitized()
    {
        int n = int.Parse(Request.Query["n"]);
        // ok: csharp.injection.command-taint
        Process.Start("cmd.exe", "/c ping -n " + n + " localhost");
        return Ok();
    }

    public IActionResult DeadBranch()
    {
        string cmd = "/c ver";
        if (false)
        {
            cmd = Request.Query["cmd"];
        }
        // ok: csharp.injection.command-taint
        Process.Start("cmd.exe", cmd);
        return Ok();
    }

    public IActionResult DeadBranchConst()
    {
        string cmd = "/c ver";
        if (Debug)
        {
            cmd = Request.Query["cmd"];
        }
        // todook: csharp.injection.command-taint
        Process.Start("cmd.exe", cmd);
        return Ok();
    }

    public IActionResult Overwritten()
    {
        string cmd = Request.Query["cmd"];
        cmd = "/c ver";
        // ok: csharp.injection.command-taint
        Process.Start("cmd.exe", cmd);
        return Ok();
    }
}

public static class Cli
{
    public static void FromEnv()
    {
        var job = new Job();
        job.Script = Environment.GetEnvironmentVariable("BACKUP_SCRIPT");
        // ok: csharp.injection.command-taint
        Process.Start("/bin/sh", "-c " + job.Script);
        // ok: csharp.injection.command-taint
        Process.Start("/bin/sh", "-c run-" + job.Name);
    }

    public static void FromConsole()
    {
        var parts = new List<string>();
        parts.Add(Console.ReadLine());
        // ruleid: csharp.injection.command-taint
        Process.Start("/bin/sh", "-c " + string.Join(" ", parts));
    }

    public static void FromDictionary()
    {
        var opts = new Dictionary<string, string>();
        opts["dir"] = Environment.GetEnvironmentVariable("DIR");
        // ok: csharp.injection.command-taint
        Process.Start("/bin/sh", "-c \"ls " + opts["dir"] + "\"");
    }

    public static void FromArgs()
    {
        foreach (var a in Environment.GetCommandLineArgs())
        {
            // ok: csharp.injection.command-taint
            Process.Start(a);
        }
    }

    static string Identity(string s)
    {
        return s;
    }

    public static void ThroughHelper()
    {
        var c = Identity(Console.ReadLine());
        // ruleid: csharp.injection.command-taint
        Process.Start(c);
    }

    static void RunShell(string command)
    {
        // ok: csharp.injection.command-taint
        Process.Start("/bin/sh", "-c " + command);
    }

    public static void CallsSink()
    {
        RunShell("echo " + Environment.GetEnvironmentVariable("MSG"));
    }

    static void Retry(string command, int n)
    {
        if (n == 0)
        {
            // ruleid: csharp.injection.command-taint
            Process.Start(command);
            return;
        }
        Retry(command, n - 1);
    }

    public static void StartsRecursion()
    {
        Retry(Console.ReadLine(), 3);
    }

    public static void Initializer()
    {
        var arg = Console.ReadLine();
        // todoruleid: csharp.injection.command-taint
        var psi = new ProcessStartInfo { FileName = "/bin/sh", Arguments = "-c " + arg };
    }
}

public class MoreController : Controller
{
    private string Id(string s) => s;

    public void PlusAssign()
    {
        var cmd = "/c ";
        cmd += Request.Query["c"];
        // ruleid: csharp.injection.command-taint
        Process.Start("cmd.exe", cmd);
    }

    public void ArrayLiteral()
    {
        string v = Request.Query["c"];
        var arr = new[] { v, "uptime" };
        // ruleid: csharp.injection.command-taint
        Process.Start(arr[0]);
        // todook: csharp.injection.command-taint
        Process.Start(arr[1]);
    }

    public void NullCoalescing()
    {
        string v = Request.Query["c"] ?? "uptime";
        // ruleid: csharp.injection.command-taint
        Process.Start(v);
    }

    public void ExpressionBodiedHelper()
    {
        var v = Id(Request.Query["c"]);
        // ruleid: csharp.injection.command-taint
        Process.Start(v);
    }

    public void Builder()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("/c ").Append(Request.Query["c"].ToString());
        // ruleid: csharp.injection.command-taint
        Process.Start("cmd.exe", sb.ToString());
    }

    public void LambdaCapture()
    {
        string v = Request.Query["c"];
        // ruleid: csharp.injection.command-taint
        Action run = () => Process.Start(v);
        run();
    }

    public async Task Body()
    {
        using var reader = new StreamReader(Request.Body);
        var body = await reader.ReadToEndAsync();
        // ruleid: csharp.injection.command-taint
        Process.Start(body);
    }
}
