using System;

public class CallLiteralArgs
{
    public void Quit(int code)
    {
        // ruleid: conformance.csharp.call-literal-args
        Environment.Exit(1);
        // ok: conformance.csharp.call-literal-args
        Environment.Exit(0);
        // ok: conformance.csharp.call-literal-args
        Environment.Exit(code);
        // ruleid: conformance.csharp.call-literal-args
        Environment.Exit(
            1);
    }
}
