using System.Diagnostics;

public class Shell
{
    public void Ping(string host)
    {
        // ruleid: csharp.injection.process-start-shell
        Process.Start("cmd.exe", "/c ping " + host);
        // ruleid: csharp.injection.process-start-shell
        var psi = new ProcessStartInfo("/bin/sh", $"-c \"ping -c 1 {host}\"");
        // ok: csharp.injection.process-start-shell
        Process.Start("cmd.exe", "/c dir");
        // ok: csharp.injection.process-start-shell
        Process.Start("ping", host);
    }
}
