import javax.xml.parsers.DocumentBuilderFactory
import javax.xml.stream.XMLInputFactory

fun unsafe(input: java.io.InputStream) {
    // ruleid: kotlin.xxe.document-builder-factory
    val dbf = DocumentBuilderFactory.newInstance()
    dbf.newDocumentBuilder().parse(input)
}

fun unsafeStax(input: java.io.InputStream) {
    // ruleid: kotlin.xxe.document-builder-factory
    val xif = XMLInputFactory.newInstance()
    xif.createXMLStreamReader(input)
}

fun safe(input: java.io.InputStream) {
    // ok: kotlin.xxe.document-builder-factory
    val dbf = DocumentBuilderFactory.newInstance()
    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true)
    dbf.newDocumentBuilder().parse(input)
}

fun safeStax(input: java.io.InputStream) {
    // ok: kotlin.xxe.document-builder-factory
    val xif = XMLInputFactory.newInstance()
    xif.setProperty(XMLInputFactory.SUPPORT_DTD, false)
    xif.createXMLStreamReader(input)
}
