package org.capif.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.CallbackReceiver;
import org.capif.testing.pki.TestPki;

/** The one real HTTPS callback receiver of the module's tests (127.0.0.1, a certificate of the test CA). */
public final class Receivers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CallbackReceiver receiver;

    private Receivers() {}

    public static synchronized CallbackReceiver receiver() {
        if (receiver == null) {
            TestPki.ServiceFiles files = CapifTestResource.pki()
                    .server("callback-receiver", false, List.of("localhost"), List.of("127.0.0.1"));
            receiver = CallbackReceiver.start(files.certFile(), files.keyFile());
            Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        }
        return receiver;
    }

    /** A fresh path on the receiver, for one subscription. */
    public static String path(String what) {
        return "/" + what + "-" + UUID.randomUUID();
    }

    public static String url(String path) {
        return receiver().url(path);
    }

    public static JsonNode json(CallbackReceiver.Received r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
