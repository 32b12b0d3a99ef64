public class FocusMvArg
{
    public void H(dynamic resp, string v)
    {
        // ruleid: conformance.csharp.focus-mv-arg
        resp.AppendHeader("X-Frame-Options", "ALLOWALL");
        // ok: conformance.csharp.focus-mv-arg
        resp.AppendHeader(
            "X-Frame-Options",
            // ruleid: conformance.csharp.focus-mv-arg
            v);
        // ok: conformance.csharp.focus-mv-arg
        resp.AppendHeader("Content-Type", v);
    }
}
