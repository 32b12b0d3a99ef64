using Microsoft.IdentityModel.Tokens;
using System.IdentityModel.Tokens.Jwt;

public class Auth
{
    public TokenValidationParameters Bad()
    {
        // ruleid: csharp.jwt.signature-validation-disabled
        return new TokenValidationParameters { ValidateIssuer = false, RequireSignedTokens = false };
    }

    public TokenValidationParameters Bad2()
    {
        var p = new TokenValidationParameters();
        // ruleid: csharp.jwt.signature-validation-disabled
        p.SignatureValidator = (token, parameters) => new JwtSecurityToken(token);
        return p;
    }

    public TokenValidationParameters Good2()
    {
        // ok: csharp.jwt.signature-validation-disabled
        return new TokenValidationParameters { RequireSignedTokens = true, ValidateLifetime = true };
    }

    public TokenValidationParameters Good(byte[] key)
    {
        // ok: csharp.jwt.signature-validation-disabled
        return new TokenValidationParameters { ValidateIssuerSigningKey = true, IssuerSigningKey = new SymmetricSecurityKey(key) };
    }
}
