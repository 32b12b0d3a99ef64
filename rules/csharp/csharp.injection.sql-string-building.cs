using System.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

public class Users
{
    public void Find(SqlConnection conn, AppDb db, string name, int id)
    {
        // ruleid: csharp.injection.sql-string-building
        var cmd = new SqlCommand("SELECT * FROM Users WHERE Name = '" + name + "'", conn);
        // ruleid: csharp.injection.sql-string-building
        cmd.CommandText = $"DELETE FROM Users WHERE Id = {id}";
        // ruleid: csharp.injection.sql-string-building
        var rows = db.Users.FromSqlRaw(string.Format("SELECT * FROM Users WHERE Name = '{0}'", name));
    }

    public void Safe(SqlConnection conn, AppDb db, string name)
    {
        // ok: csharp.injection.sql-string-building
        var cmd = new SqlCommand("SELECT * FROM Users WHERE Name = @name", conn);
        cmd.Parameters.AddWithValue("@name", name);
        // ok: csharp.injection.sql-string-building
        var rows = db.Users.FromSqlInterpolated($"SELECT * FROM Users WHERE Name = {name}");
        // ok: csharp.injection.sql-string-building
        var list = new List<string>("a" + name);
    }
}
