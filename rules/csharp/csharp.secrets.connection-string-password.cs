using System.Data.SqlClient;

public class Db
{
    // ruleid: csharp.secrets.connection-string-password
    private const string Conn = "Server=db;Database=app;User Id=app;Password=s3cr3t!;";

    public SqlConnection Open()
    {
        // ruleid: csharp.secrets.connection-string-password
        return new SqlConnection("Data Source=db;Initial Catalog=app;uid=sa;pwd=hunter2");
    }

    public SqlConnection Safe(IConfiguration configuration, string pw)
    {
        // ok: csharp.secrets.connection-string-password
        var a = new SqlConnection(configuration.GetConnectionString("App"));
        // ok: csharp.secrets.connection-string-password
        var b = string.Format("Server=db;User Id=app;Password={0};", pw);
        // ok: csharp.secrets.connection-string-password
        var c = "Please enter your password = below";
        return a;
    }
}
