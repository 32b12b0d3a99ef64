using System;
using System.Security.Cryptography;

public class Tokens
{
    public string Bad()
    {
        // ruleid: csharp.crypto.weak-random
        var rnd = new Random();
        // ruleid: csharp.crypto.weak-random
        var n = Random.Shared.Next();
        return rnd.Next().ToString("x") + n;
    }

    public string Good()
    {
        // ok: csharp.crypto.weak-random
        var bytes = RandomNumberGenerator.GetBytes(32);
        // ok: csharp.crypto.weak-random
        var n = RandomNumberGenerator.GetInt32(1000000);
        return Convert.ToHexString(bytes) + n;
    }
}
