package org.capif.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.capif.common.event.EventCodec;
import org.capif.common.event.SecurityEvent;
import org.capif.testing.kafka.TopicReader;

/** Assertions on ProblemDetails answers and on the security events the service publishes. */
public final class Problems {

    private Problems() {}

    public static Response assertProblem(Response r, int status, String cause) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("cause")).isEqualTo(cause);
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    public static Response assertProblem(Response r, int status, String cause, String invalidParam) {
        assertProblem(r, status, cause);
        assertThat(r.jsonPath().getList("invalidParams.param", String.class)).contains(invalidParam);
        return r;
    }

    /** The invoker's security events, waiting until one with at least this sequence is published. */
    public static List<SecurityEvent> securityEvents(String apiInvokerId, long sequence) {
        List<SecurityEvent> events = TopicReader.readUntil(
                        Invokers.bootstrap(),
                        "capif.security-events",
                        Duration.ofSeconds(20),
                        records -> records.stream()
                                .filter(r -> apiInvokerId.equals(r.key()))
                                .anyMatch(r -> EventCodec.decode(r.value(), SecurityEvent.class)
                                                .sequence()
                                        >= sequence))
                .stream()
                .filter(r -> apiInvokerId.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), SecurityEvent.class))
                .toList();
        assertThat(events).extracting(SecurityEvent::sequence).contains(sequence);
        return events;
    }

    public static SecurityEvent securityEvent(String apiInvokerId, long sequence) {
        return securityEvents(apiInvokerId, sequence).stream()
                .filter(e -> e.sequence() == sequence)
                .findFirst()
                .orElseThrow();
    }
}
