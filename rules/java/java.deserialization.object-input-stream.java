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

    @SuppressWarnings("unchecked")
    <T> T deepCopy(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ObjectOutputStream(bytes).writeObject(object);
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        // ok: java.deserialization.object-input-stream
        return (T) in.readObject();
    }

    Object roundTrip(Object object) throws Exception {
        ByteArrayOutputStream bos;
        bos = new ByteArrayOutputStream();
        new ObjectOutputStream(bos).writeObject(object);
        // ok: java.deserialization.object-input-stream
        return new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray())).readObject();
    }

    Object fromUpload(byte[] upload) throws Exception {
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(upload));
        // ruleid: java.deserialization.object-input-stream
        return in.readObject();
    }
}
