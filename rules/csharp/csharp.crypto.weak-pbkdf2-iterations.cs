using System.Security.Cryptography;

public class Passwords
{
    public byte[] Hash(string password, byte[] salt)
    {
        // ruleid: csharp.crypto.weak-pbkdf2-iterations
        var a = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1000, HashAlgorithmName.SHA1, 32);
        // ruleid: csharp.crypto.weak-pbkdf2-iterations
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 10000, HashAlgorithmName.SHA256, 32);
        // ruleid: csharp.crypto.weak-pbkdf2-iterations
        var d = new Rfc2898DeriveBytes(password, salt);
        // ok: csharp.crypto.weak-pbkdf2-iterations
        var c = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600000, HashAlgorithmName.SHA256, 32);
        // ok: csharp.crypto.weak-pbkdf2-iterations
        var e = new Rfc2898DeriveBytes(password, salt, 600000, HashAlgorithmName.SHA256);
        return a;
    }
}
