using System;
using Microsoft.Extensions.Logging;

public class LoginService
{
    private readonly ILogger<LoginService> _logger;

    public void Login(string user, string password, string apiKey, int passwordLength)
    {
        // ruleid: csharp.logging.secret-in-log
        _logger.LogInformation("login {User} with {Password}", user, password);
        // ruleid: csharp.logging.secret-in-log
        _logger.LogDebug("key=" + apiKey);
        // ruleid: csharp.logging.secret-in-log
        Console.WriteLine("secret " + password);
        // ok: csharp.logging.secret-in-log
        _logger.LogInformation("login {User}", user);
        // ok: csharp.logging.secret-in-log
        _logger.LogInformation("password length {Length}", passwordLength);
    }
}
