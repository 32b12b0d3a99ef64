using System.Net;
using System.Net.Http;

public class Clients
{
    public HttpClient Create()
    {
        // ruleid: csharp.tls.certificate-validation-disabled
        ServicePointManager.ServerCertificateValidationCallback = (s, cert, chain, errors) => true;
        var handler = new HttpClientHandler();
        // ruleid: csharp.tls.certificate-validation-disabled
        handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        // ruleid: csharp.tls.certificate-validation-disabled
        handler.ServerCertificateCustomValidationCallback = delegate { return true; };
        return new HttpClient(handler);
    }

    public HttpClient Safe()
    {
        var handler = new HttpClientHandler();
        // ok: csharp.tls.certificate-validation-disabled
        handler.ServerCertificateCustomValidationCallback = (msg, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None;
        // ok: csharp.tls.certificate-validation-disabled
        handler.UseDefaultCredentials = true;
        return new HttpClient(handler);
    }
}
