using System.Data.SqlClient;

public class DeepExprQuery : Controller
{
    public void Q(SqlConnection conn, string safe)
    {
        // ruleid: conformance.csharp.deep-expr-query
        var a = new SqlCommand(Request.Query["q"], conn);
        // ruleid: conformance.csharp.deep-expr-query
        var b = new SqlCommand("SELECT * FROM t WHERE id = " + Request.Query["id"], conn);
        // ok: conformance.csharp.deep-expr-query
        var c = new SqlCommand("SELECT * FROM t WHERE id = " + safe, conn);
        // ok: conformance.csharp.deep-expr-query
        var d = new SqlCommand(Request.Path, conn);
    }
}

public class Controller { public dynamic Request; }
