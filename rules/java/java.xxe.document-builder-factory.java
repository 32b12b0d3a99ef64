import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;

public class Xml {
    void unsafe(InputStream in) throws Exception {
        // ruleid: java.xxe.document-builder-factory
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.newDocumentBuilder().parse(in);
    }

    void unsafeSax(InputStream in) throws Exception {
        // ruleid: java.xxe.document-builder-factory
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.newSAXParser().parse(in, handler);
    }

    void safe(InputStream in) throws Exception {
        // ok: java.xxe.document-builder-factory
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.newDocumentBuilder().parse(in);
    }

    void safeSax(InputStream in) throws Exception {
        // ok: java.xxe.document-builder-factory
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        spf.newSAXParser().parse(in, handler);
    }

    void safeAttr(InputStream in) throws Exception {
        // ok: java.xxe.document-builder-factory
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        dbf.newDocumentBuilder().parse(in);
    }
}
