using System;
using System.Security.Cryptography;
using System.Text;

public class Keys
{
    public void Bad(Aes aes)
    {
        // ruleid: csharp.crypto.hardcoded-key-or-iv
        aes.Key = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
        // ruleid: csharp.crypto.hardcoded-key-or-iv
        aes.IV = new byte[16];
        // ruleid: csharp.crypto.hardcoded-key-or-iv
        var enc = aes.CreateEncryptor(Convert.FromBase64String("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTIzNDU2Nzg="), aes.IV);
    }

    public void Good(Aes aes, byte[] key)
    {
        // ok: csharp.crypto.hardcoded-key-or-iv
        aes.Key = key;
        aes.GenerateIV();
        // ok: csharp.crypto.hardcoded-key-or-iv
        aes.IV = RandomNumberGenerator.GetBytes(16);
    }
}
