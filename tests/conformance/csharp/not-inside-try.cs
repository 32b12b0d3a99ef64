using System;

public class NotInsideTry
{
    public int Parse(string s, string t)
    {
        // ruleid: conformance.csharp.not-inside-try
        int a = int.Parse(s);
        int b = 0;
        try
        {
            // ok: conformance.csharp.not-inside-try
            b = int.Parse(t);
        }
        catch (FormatException e)
        {
            b = -1;
        }
        // ok: conformance.csharp.not-inside-try
        int.TryParse(s, out int c);
        // ruleid: conformance.csharp.not-inside-try
        return a + b + c + int.Parse(t);
    }
}
