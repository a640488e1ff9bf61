package io.sparknas.predictor.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** A Java serialisation round trip: how predictors travel to executors and into saved files. */
public final class JavaSerialization {
    private JavaSerialization() {
    }

    /** {@code value} written to bytes and read back: a new object of the same class. */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
