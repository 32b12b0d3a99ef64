import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

public class Stax {
    XMLStreamReader unsafe(InputStream in) throws Exception {
        // ruleid: java.xxe.xml-input-factory
        XMLInputFactory xif = XMLInputFactory.newInstance();
        return xif.createXMLStreamReader(in);
    }

    XMLStreamReader unsafe2(InputStream in) throws Exception {
        // ruleid: java.xxe.xml-input-factory
        return XMLInputFactory.newFactory().createXMLStreamReader(in);
    }

    XMLStreamReader safe(InputStream in) throws Exception {
        // ok: java.xxe.xml-input-factory
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return xif.createXMLStreamReader(in);
    }

    XMLStreamReader safe2(InputStream in) throws Exception {
        // ok: java.xxe.xml-input-factory
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return xif.createXMLStreamReader(in);
    }
}
