using System.DirectoryServices;

public class Directory
{
    public void Find(DirectorySearcher searcher, string user)
    {
        // ruleid: csharp.injection.ldap-filter-building
        searcher.Filter = "(&(objectClass=user)(sAMAccountName=" + user + "))";
        // ruleid: csharp.injection.ldap-filter-building
        var s2 = new DirectorySearcher($"(cn={user})");
        // ok: csharp.injection.ldap-filter-building
        searcher.Filter = "(objectClass=user)";
        // ok: csharp.injection.ldap-filter-building
        searcher.PageSize = 100;
    }
}
