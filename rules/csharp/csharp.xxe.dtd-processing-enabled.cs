using System.Xml;

public class Xml
{
    public void Bad(string body)
    {
        // ruleid: csharp.xxe.dtd-processing-enabled
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse };
        var doc = new XmlDocument();
        // ruleid: csharp.xxe.dtd-processing-enabled
        doc.XmlResolver = new XmlUrlResolver();
        doc.LoadXml(body);
    }

    public void Good(string body)
    {
        // ok: csharp.xxe.dtd-processing-enabled
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        var doc = new XmlDocument();
        // ok: csharp.xxe.dtd-processing-enabled
        doc.XmlResolver = null;
        doc.LoadXml(body);
    }
}
