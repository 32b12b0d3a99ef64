using System;
using System.Text;
using Microsoft.IdentityModel.Tokens;

public class JwtSetup
{
    public SymmetricSecurityKey Bad()
    {
        // ruleid: csharp.secrets.hardcoded-jwt-key
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes("super-secret-signing-key-123456"));
    }

    public SymmetricSecurityKey Bad2()
    {
        // ruleid: csharp.secrets.hardcoded-jwt-key
        return new SymmetricSecurityKey(Convert.FromBase64String("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"));
    }

    public SymmetricSecurityKey Good(IConfiguration configuration)
    {
        // ok: csharp.secrets.hardcoded-jwt-key
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]));
    }

    public SymmetricSecurityKey Good2(byte[] key)
    {
        // ok: csharp.secrets.hardcoded-jwt-key
        return new SymmetricSecurityKey(key);
    }
}
