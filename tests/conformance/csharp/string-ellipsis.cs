using System.Data.SqlClient;

public class StringEllipsis
{
    public void Q(SqlConnection conn, string sql, string id)
    {
        // ruleid: conformance.csharp.string-ellipsis
        var a = new SqlCommand("SELECT * FROM users", conn);
        // ruleid: conformance.csharp.string-ellipsis
        var b = new SqlCommand("", conn);
        // ok: conformance.csharp.string-ellipsis
        var c = new SqlCommand(sql, conn);
        // ok: conformance.csharp.string-ellipsis
        var d = new SqlCommand("SELECT * FROM t WHERE id = " + id, conn);
    }
}
