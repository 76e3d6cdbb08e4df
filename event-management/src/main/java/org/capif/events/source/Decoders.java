package org.capif.events.source;

import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.SecurityEvent;

/**
 * Decodes and checks the records of the topics whose event types have no decoder of their own: anything that is not a
 * valid event of a known schema version is an {@link IllegalArgumentException}, which sends the record to this
 * service's dead-letter topic for that source.
 */
final class Decoders {

    private Decoders() {}

    static InvokerEvent invoker(String payload) {
        InvokerEvent e = EventCodec.decode(require(payload), InvokerEvent.class);
        if (e.schemaVersion() != InvokerEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.apiInvokerId() == null
                || e.eventId() == null
                || e.type() == null
                || e.status() == null
                || e.sequence() < 1
                || e.certificateThumbprint() == null
                || e.apis() == null
                || e.apis().stream().anyMatch(a -> a == null || a.apiId() == null || a.aefId() == null)) {
            throw new IllegalArgumentException("invoker event misses mandatory fields");
        }
        return e;
    }

    static SecurityEvent security(String payload) {
        SecurityEvent e = EventCodec.decode(require(payload), SecurityEvent.class);
        if (e.schemaVersion() != SecurityEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.eventId() == null
                || e.type() == null
                || e.apiInvokerId() == null
                || e.sequence() < 1
                || (e.revoked() != null
                        && e.revoked().stream().anyMatch(r -> r == null || r.aefId() == null || r.apiId() == null))) {
            throw new IllegalArgumentException("security event misses mandatory fields");
        }
        return e;
    }

    static PolicyEvent policy(String payload) {
        PolicyEvent e = EventCodec.decode(require(payload), PolicyEvent.class);
        if (e.schemaVersion() != PolicyEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.eventId() == null
                || e.apiInvokerId() == null
                || e.aefId() == null
                || e.apiId() == null
                || e.sequence() < 1) {
            throw new IllegalArgumentException("policy event misses mandatory fields");
        }
        return e;
    }

    private static String require(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty record");
        }
        return payload;
    }
}
