package org.capif.authz.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.testing.CapifTestResource;
import org.capif.testing.kafka.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * The invoker view: idempotent and ordered consumption, poison records to the dead-letter topic without stopping the
 * stream, and a rebuild from the topic alone that equals the original view.
 */
@QuarkusTest
class InvokerProjectionTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static Map<String, Object> row(String id) {
        return Invokers.sql()
                .rows(
                        "select status, certificate_thumbprint, apis, sequence, event_id from invoker_view"
                                + " where api_invoker_id = ?",
                        id)
                .get(0);
    }

    @Test
    void consumeWhenDuplicateAndStaleEventsArriveThenViewOnlyMovesForward() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        InvokerEvent second = Invokers.event(
                i.id(),
                2,
                InvokerEventType.API_INVOKER_UPDATED,
                InvokerStatus.ACTIVE,
                i.credential(),
                List.of(Invokers.QOS, Invokers.MONITORING));
        Invokers.publish(second);
        Invokers.awaitSequence(i.id(), 2);
        Map<String, Object> afterSecond = row(i.id());

        Invokers.publish(second);
        Invokers.publish(Invokers.event(
                i.id(), 1, InvokerEventType.API_INVOKER_ONBOARDED, InvokerStatus.ACTIVE, i.credential(), List.of()));
        assertThat(row(i.id())).isEqualTo(afterSecond);

        // records of one invoker are processed in order: once 3 is applied, the duplicate and the stale one were seen
        Invokers.publish(Invokers.event(
                i.id(),
                3,
                InvokerEventType.API_INVOKER_UPDATED,
                InvokerStatus.ACTIVE,
                i.credential(),
                List.of(Invokers.TRAFFIC)));
        Invokers.awaitSequence(i.id(), 3);
        assertThat(row(i.id()).get("apis").toString()).contains("api-traffic").doesNotContain("api-qos");
        assertThat(row(i.id()).get("sequence")).isEqualTo(3L);
    }

    @Test
    void consumeWhenPoisonRecordsThenDeadLetteredAndStreamContinues() {
        String id = "poisoned-" + System.nanoTime();
        Invokers.publishRaw(id, "this is not an event");
        Invokers.publishRaw(id, EventCodec.encode(Map.of("apiInvokerId", id, "schemaVersion", 99)));
        Invokers.Invoker healthy = Invokers.onboard(Invokers.QOS);
        var credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        Invokers.publish(Invokers.event(
                id,
                1,
                InvokerEventType.API_INVOKER_ONBOARDED,
                InvokerStatus.ACTIVE,
                credential,
                List.of(Invokers.QOS)));

        Invokers.awaitSequence(id, 1);
        assertThat(row(healthy.id()).get("status")).isEqualTo("ACTIVE");
        var dead = TopicReader.readUntil(
                        Invokers.bootstrap(),
                        Invokers.TOPIC + ".dlq",
                        Duration.ofSeconds(20),
                        records ->
                                records.stream().filter(r -> id.equals(r.key())).count() >= 2)
                .stream()
                .filter(r -> id.equals(r.key()))
                .toList();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo("this is not an event");
    }

    @Test
    void consumeWhenOffboardedThenViewSaysSoAndTokensAreRefused() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(200);
        Invokers.offboard(i);
        assertThat(row(i.id()).get("status")).isEqualTo("OFFBOARDED");
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void rebuildWhenAskedByOperatorThenViewFromTheTopicAloneEqualsTheOriginal() {
        Invokers.onboard(Invokers.QOS);
        Invokers.Invoker changed = Invokers.onboard(Invokers.MONITORING);
        Invokers.offboard(changed);
        String snapshot =
                "select api_invoker_id, status, certificate_thumbprint, certificate_not_after, apis, sequence,"
                        + " event_id from invoker_view order by api_invoker_id";
        List<Map<String, Object>> before = Invokers.sql().rows(snapshot);
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);

        Response r = new SecurityApi(base)
                .spec(CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops")))
                .post("/capif-admin/v1/invoker-view/rebuild");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("removedRows")).isEqualTo(before.size());
        assertThat(r.jsonPath().getInt("restoredInvokers")).isEqualTo(before.size());
        // rebuilt when the answer comes, from every partition (3 here), not only those this replica consumes
        assertThat(Invokers.sql().rows(snapshot)).isEqualTo(before);
    }

    @Test
    void rebuildWhenNotOperatorThenForbidden() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        Response r = new SecurityApi(base).spec(i.credential()).post("/capif-admin/v1/invoker-view/rebuild");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("cause")).isEqualTo("ROLE_NOT_ALLOWED");
    }
}
