using System.Threading;

public class EllipsisStmtsLock
{
    public void A(object l, int[] d)
    {
        // ruleid: conformance.csharp.ellipsis-stmts-lock
        Monitor.Enter(l);
        d[0]++;
        Monitor.Exit(l);
    }

    public void B(object l, object m)
    {
        // ok: conformance.csharp.ellipsis-stmts-lock
        Monitor.Enter(l);
        Monitor.Exit(m);
    }

    public void C(object l)
    {
        Monitor.Exit(l);
        // ok: conformance.csharp.ellipsis-stmts-lock
        Monitor.Enter(l);
    }

    public void D(object k)
    {
        // ruleid: conformance.csharp.ellipsis-stmts-lock
        Monitor.Enter(k);
        Monitor.Exit(k);
    }
}
