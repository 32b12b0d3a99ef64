using System;

public class PatternNotLiteral
{
    public void Load(string name)
    {
        // ruleid: conformance.csharp.pattern-not-literal
        var a = Type.GetType(name);
        // ruleid: conformance.csharp.pattern-not-literal
        var b = Type.GetType("App." + name);
        // ok: conformance.csharp.pattern-not-literal
        var c = Type.GetType("System.String");
        // ok: conformance.csharp.pattern-not-literal
        var d = Type.GetTypeCode(typeof(int));
    }
}
