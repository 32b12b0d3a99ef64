public class Startup
{
    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
    {
        // ruleid: csharp.config.developer-exception-page
        app.UseDeveloperExceptionPage();
        // ruleid: csharp.config.developer-exception-page
        app.UseDatabaseErrorPage();
        if (env.IsDevelopment())
        {
            // ok: csharp.config.developer-exception-page
            app.UseDeveloperExceptionPage();
            // ok: csharp.config.developer-exception-page
            app.UseMigrationsEndPoint();
        }
        else
        {
            // ok: csharp.config.developer-exception-page
            app.UseExceptionHandler("/Error");
        }
    }
}
