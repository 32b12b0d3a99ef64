import java.io.InputStream
import java.io.ObjectInputFilter
import java.io.ObjectInputStream

fun load(body: InputStream): Any? {
    val input = ObjectInputStream(body)
    // ruleid: kotlin.deserialization.object-input-stream
    return input.readObject()
}

fun loadInline(body: InputStream): Any? {
    // ruleid: kotlin.deserialization.object-input-stream
    return ObjectInputStream(body).readObject()
}

fun filtered(body: InputStream): Any? {
    val input = ObjectInputStream(body)
    input.objectInputFilter = ObjectInputFilter.Config.createFilter("com.example.Order;!*")
    // ok: kotlin.deserialization.object-input-stream
    return input.readObject()
}

fun other(reader: CustomReader): Any? {
    // ok: kotlin.deserialization.object-input-stream
    return reader.readObject()
}
