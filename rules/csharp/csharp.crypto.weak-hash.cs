using System.Security.Cryptography;
using System.Text;

public class Hashes
{
    public byte[] Bad(string password)
    {
        // ruleid: csharp.crypto.weak-hash
        var a = MD5.Create().ComputeHash(Encoding.UTF8.GetBytes(password));
        // ruleid: csharp.crypto.weak-hash
        var b = new SHA1Managed();
        // ruleid: csharp.crypto.weak-hash
        var c = SHA1.HashData(a);
        return c;
    }

    public byte[] Good(string password, byte[] salt)
    {
        // ok: csharp.crypto.weak-hash
        var a = SHA256.Create().ComputeHash(salt);
        // ok: csharp.crypto.weak-hash
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600000, HashAlgorithmName.SHA256, 32);
        return b;
    }
}
