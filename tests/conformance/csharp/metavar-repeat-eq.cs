public class MetavarRepeatEq
{
    public int Id;

    public bool Cmp(int a, int b, MetavarRepeatEq o, MetavarRepeatEq p)
    {
        // ruleid: conformance.csharp.metavar-repeat-eq
        bool s1 = a == a;
        // ruleid: conformance.csharp.metavar-repeat-eq
        bool s2 = o.Id == o.Id;
        // ok: conformance.csharp.metavar-repeat-eq
        bool d1 = o.Id == p.Id;
        // ok: conformance.csharp.metavar-repeat-eq
        bool d2 = a == b;
        // ok: conformance.csharp.metavar-repeat-eq
        bool d3 = a != a;
        return s1 && s2 && d1 && d2 && d3;
    }
}
