import javax.xml.xpath.XPath
import javax.xml.xpath.XPathConstants

fun find(xpath: XPath, doc: Any, name: String): Any? {
    val expr = "//users/user[name/text()='$name']"
    // ruleid: kotlin.injection.xpath-string-building
    val a = xpath.evaluate(expr, doc, XPathConstants.NODE)
    // ruleid: kotlin.injection.xpath-string-building
    val b = xpath.compile("//users/user[@id='" + name + "']")
    // ok: kotlin.injection.xpath-string-building
    val c = xpath.evaluate("//users/user", doc, XPathConstants.NODESET)
    val fixed = "//users/user[@active='true']"
    // ok: kotlin.injection.xpath-string-building
    val d = xpath.evaluate(fixed, doc, XPathConstants.NODESET)
    return listOf(a, b, c, d)
}
