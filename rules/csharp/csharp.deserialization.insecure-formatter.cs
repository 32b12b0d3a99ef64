using System.Runtime.Serialization.Formatters.Binary;
using Newtonsoft.Json;

public class Loader
{
    public object Load(System.IO.Stream body, string json)
    {
        // ruleid: csharp.deserialization.insecure-formatter
        var formatter = new BinaryFormatter();
        // ruleid: csharp.deserialization.insecure-formatter
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
        // ok: csharp.deserialization.insecure-formatter
        var safe = new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore };
        // ok: csharp.deserialization.insecure-formatter
        var order = System.Text.Json.JsonSerializer.Deserialize<Order>(json);
        return formatter.Deserialize(body);
    }
}
