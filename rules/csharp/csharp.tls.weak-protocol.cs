using System.Net;
using System.Security.Authentication;

public class Tls
{
    public void Setup(System.Net.Security.SslStream stream)
    {
        // ruleid: csharp.tls.weak-protocol
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;
        // ruleid: csharp.tls.weak-protocol
        stream.AuthenticateAsClient("host", null, SslProtocols.Tls11, true);
        // ok: csharp.tls.weak-protocol
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
        // ok: csharp.tls.weak-protocol
        stream.AuthenticateAsClient("host", null, SslProtocols.None, true);
    }
}
