using System.Security.Cryptography;

public class MetavarComparisonKeysize
{
    public void Gen(int bits)
    {
        // ruleid: conformance.csharp.metavar-comparison-keysize
        var a = new RSACryptoServiceProvider(512);
        // ruleid: conformance.csharp.metavar-comparison-keysize
        var b = new RSACryptoServiceProvider(1024);
        // ok: conformance.csharp.metavar-comparison-keysize
        var c = new RSACryptoServiceProvider(2048);
        // ok: conformance.csharp.metavar-comparison-keysize
        var d = new RSACryptoServiceProvider(bits);
    }
}
