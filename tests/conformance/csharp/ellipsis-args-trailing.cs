using System.Diagnostics;

public class EllipsisArgsTrailing
{
    public void Run(string name, string args)
    {
        // ruleid: conformance.csharp.ellipsis-args-trailing
        Process.Start("cmd.exe");
        // ruleid: conformance.csharp.ellipsis-args-trailing
        Process.Start(args, "cmd.exe");
        // ok: conformance.csharp.ellipsis-args-trailing
        Process.Start("cmd.exe", args);
        // ok: conformance.csharp.ellipsis-args-trailing
        Process.Start(name);
    }
}
