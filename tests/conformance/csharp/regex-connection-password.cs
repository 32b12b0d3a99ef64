public class RegexConnectionPassword
{
    // ruleid: conformance.csharp.regex-connection-password
    const string A = "Server=db;User Id=sa;Password=hunter2;";
    // ok: conformance.csharp.regex-connection-password
    const string B = "Server=db;Integrated Security=true;";
    // ok: conformance.csharp.regex-connection-password
    const string C = "Server=db;Password=;";
    // ruleid: conformance.csharp.regex-connection-password
    const string D = "Password=x;Server=db";
}
