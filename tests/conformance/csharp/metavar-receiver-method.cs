using System;

public class MetavarReceiverMethod
{
    public void Audit(ILog log, string user, string password)
    {
        // ruleid: conformance.csharp.metavar-receiver-method
        log.Info(user, password);
        // ruleid: conformance.csharp.metavar-receiver-method
        Console.WriteLine(password);
        // ok: conformance.csharp.metavar-receiver-method
        log.Info(user, user);
        // ok: conformance.csharp.metavar-receiver-method
        Record(password);
    }

    void Record(string s) { }
}

public interface ILog { void Info(string a, string b); }
