using System.Security.Cryptography;

public class Ciphers
{
    public void Bad()
    {
        // ruleid: csharp.crypto.weak-cipher
        using var des = DES.Create();
        // ruleid: csharp.crypto.weak-cipher
        var tdes = new TripleDESCryptoServiceProvider();
        using var aes = Aes.Create();
        // ruleid: csharp.crypto.weak-cipher
        aes.Mode = CipherMode.ECB;
    }

    public void Good(byte[] key)
    {
        // ok: csharp.crypto.weak-cipher
        using var aes = Aes.Create();
        // ok: csharp.crypto.weak-cipher
        aes.Mode = CipherMode.CBC;
        // ok: csharp.crypto.weak-cipher
        using var gcm = new AesGcm(key, 16);
    }
}
