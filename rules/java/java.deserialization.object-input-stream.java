import java.beans.XMLDecoder;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

public class Load {
    Object read(InputStream body) throws Exception {
        ObjectInputStream in = new ObjectInputStream(body);
        // ruleid: java.deserialization.object-input-stream
        return in.readObject();
    }

    Object tryRead(InputStream body) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(body)) {
            // ruleid: java.deserialization.object-input-stream
            return in.readObject();
        }
    }

    Object xml(InputStream body) {
        XMLDecoder decoder = new XMLDecoder(body);
        // ruleid: java.deserialization.object-input-stream
        return decoder.readObject();
    }

    Object filtered(InputStream body) throws Exception {
        ObjectInputStream in = new ObjectInputStream(body);
        in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.Order;!*"));
        // ok: java.deserialization.object-input-stream
        return in.readObject();
    }

    Object other(Reader reader) throws Exception {
        // ok: java.deserialization.object-input-stream
        return reader.readObject();
    }
}
