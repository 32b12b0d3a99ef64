public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddCors(options =>
        {
            // ruleid: csharp.config.cors-any-origin-with-credentials
            options.AddPolicy("open", p => p.SetIsOriginAllowed(origin => true).AllowAnyHeader().AllowCredentials());
            // ruleid: csharp.config.cors-any-origin-with-credentials
            options.AddPolicy("any", p => p.AllowCredentials().SetIsOriginAllowed(o => true));
            // ok: csharp.config.cors-any-origin-with-credentials
            options.AddPolicy("app", p => p.WithOrigins("https://app.example.com").AllowAnyHeader().AllowCredentials());
            // ok: csharp.config.cors-any-origin-with-credentials
            options.AddPolicy("public", p => p.AllowAnyOrigin().AllowAnyHeader());
        });
    }
}
