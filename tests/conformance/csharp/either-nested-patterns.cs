using System;

public class EitherNestedPatterns
{
    public void Make(int s)
    {
        // ruleid: conformance.csharp.either-nested-patterns
        var a = new Random();
        // ruleid: conformance.csharp.either-nested-patterns
        var b = new Random(s);
        // ok: conformance.csharp.either-nested-patterns
        var c = new Random(Environment.TickCount);
        // ok: conformance.csharp.either-nested-patterns
        var d = new Version();
    }
}
