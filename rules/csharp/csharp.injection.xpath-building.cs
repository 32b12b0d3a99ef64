using System.Xml;

public class Lookup
{
    public XmlNode Find(XmlDocument doc, string name)
    {
        // ruleid: csharp.injection.xpath-building
        var a = doc.SelectSingleNode("//user[@name='" + name + "']");
        // ruleid: csharp.injection.xpath-building
        var b = doc.SelectNodes($"//user[@id='{name}']");
        // ok: csharp.injection.xpath-building
        var c = doc.SelectNodes("//user");
        // ok: csharp.injection.xpath-building
        var d = doc.SelectSingleNode("//user[@active='true']");
        return a;
    }
}
