public class MetavarRegexMethod
{
    public void Q(dynamic db, string sql)
    {
        // ruleid: conformance.csharp.metavar-regex-method
        db.ExecuteSqlRaw(sql);
        // ruleid: conformance.csharp.metavar-regex-method
        db.Users.FromSqlRaw(sql);
        // ok: conformance.csharp.metavar-regex-method
        db.ExecuteSqlInterpolated(sql);
        // ok: conformance.csharp.metavar-regex-method
        db.ExecuteSqlRawAsync(sql);
    }
}
