using System.Security.Cryptography;

public class Keys
{
    public void Make()
    {
        // ruleid: csharp.crypto.weak-rsa-key-size
        using var a = RSA.Create(1024);
        // ruleid: csharp.crypto.weak-rsa-key-size
        var b = new RSACryptoServiceProvider(512);
        // ok: csharp.crypto.weak-rsa-key-size
        using var c = RSA.Create(3072);
        // ok: csharp.crypto.weak-rsa-key-size
        var d = new RSACryptoServiceProvider(2048);
    }
}
