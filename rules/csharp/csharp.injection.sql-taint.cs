using System;
using System.Collections.Generic;
using System.Data.SqlClient;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

public class Filter
{
    public string Column;
    public string Direction = "ASC";
}

public class UsersController : Controller
{
    private readonly SqlConnection conn;
    private readonly AppDbContext db;
    private string sort;

    public IActionResult Direct()
    {
        // ruleid: csharp.injection.sql-taint
        var cmd = new SqlCommand("SELECT * FROM Users WHERE Name = '" + Request.Query["name"] + "'", conn);
        return Ok(cmd.ExecuteReader());
    }

    public IActionResult Interpolated()
    {
        string id = Request.Form["id"];
        string sql = $"DELETE FROM Users WHERE Id = {id}";
        var cmd = conn.CreateCommand();
        // ruleid: csharp.injection.sql-taint
        cmd.CommandText = sql;
        return Ok(cmd.ExecuteNonQuery());
    }

    public IActionResult EfRaw()
    {
        var email = Request.Headers["X-Email"].ToString();
        // ruleid: csharp.injection.sql-taint
        var users = db.Users.FromSqlRaw("SELECT * FROM Users WHERE Email = '" + email + "'").ToList();
        return Ok(users);
    }

    public IActionResult DapperQuery()
    {
        string term = Request.Cookies["term"];
        // ruleid: csharp.injection.sql-taint
        var rows = conn.Query<User>(string.Format("SELECT * FROM Users WHERE Bio LIKE '%{0}%'", term));
        return Ok(rows);
    }

    public IActionResult ThisField()
    {
        this.sort = Request.Query["sort"];
        // ruleid: csharp.injection.sql-taint
        var cmd = new SqlCommand("SELECT * FROM Users ORDER BY " + this.sort, conn);
        return Ok();
    }

    public IActionResult ObjectField()
    {
        var f = new Filter();
        f.Column = Request.Query["col"];
        // ruleid: csharp.injection.sql-taint
        db.Database.ExecuteSqlRaw("UPDATE T SET Seen = 1 ORDER BY " + f.Column);
        // ok: csharp.injection.sql-taint
        db.Database.ExecuteSqlRaw("UPDATE T SET Seen = 1 ORDER BY Id " + f.Direction);
        return Ok();
    }

    public IActionResult Parameterised()
    {
        var cmd = new SqlCommand("SELECT * FROM Users WHERE Name = @name", conn);
        // ok: csharp.injection.sql-taint
        cmd.Parameters.AddWithValue("@name", Request.Query["name"].ToString());
        return Ok();
    }

    public IActionResult DapperParams()
    {
        string name = Request.Query["name"];
        // ok: csharp.injection.sql-taint
        var rows = conn.Query<User>("SELECT * FROM Users WHERE Name = @Name", new { Name = name });
        return Ok(rows);
    }

    public IActionResult IntParsed()
    {
        int id = int.Parse(Request.Query["id"]);
        // ok: csharp.injection.sql-taint
        var cmd = new SqlCommand("SELECT * FROM Users WHERE Id = " + id, conn);
        return Ok();
    }

    public IActionResult DeadBranch()
    {
        string table = "Users";
        if (false)
        {
            table = Request.Query["table"];
        }
        // ok: csharp.injection.sql-taint
        var cmd = new SqlCommand("SELECT * FROM " + table, conn);
        return Ok();
    }

    public IActionResult Overwritten()
    {
        string table = Request.Query["table"];
        table = "Users";
        // ok: csharp.injection.sql-taint
        var cmd = new SqlCommand("SELECT * FROM " + table, conn);
        return Ok();
    }
}

public class Repo
{
    private SqlConnection conn;

    public void FromList()
    {
        var conds = new List<string>();
        conds.Add("Name = '" + Console.ReadLine() + "'");
        // ruleid: csharp.injection.sql-taint
        conn.Execute("SELECT * FROM T WHERE " + string.Join(" AND ", conds));
    }

    public void FromDictionary()
    {
        var p = new Dictionary<string, string>();
        p["where"] = Environment.GetEnvironmentVariable("FILTER");
        // ok: csharp.injection.sql-taint
        conn.Execute("SELECT * FROM T WHERE " + p["where"]);
    }

    static string QuoteIdent(string s)
    {
        return "[" + s + "]";
    }

    public void ThroughHelper()
    {
        var t = QuoteIdent(Console.ReadLine());
        // ruleid: csharp.injection.sql-taint
        conn.Execute("SELECT * FROM " + t);
    }

    void RunQuery(string sql)
    {
        // ok: csharp.injection.sql-taint
        new SqlCommand(sql, conn).ExecuteNonQuery();
    }

    public void CallsSink()
    {
        RunQuery("DROP TABLE " + Environment.GetEnvironmentVariable("TABLE"));
    }

    void Build(string cols, int n)
    {
        if (n == 0)
        {
            // ruleid: csharp.injection.sql-taint
            conn.Execute("SELECT " + cols + " FROM T");
            return;
        }
        Build(cols + ", X", n - 1);
    }

    public void StartsRecursion()
    {
        Build(Console.ReadLine(), 2);
    }
}
