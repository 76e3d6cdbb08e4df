package org.capif.events.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.capif.events.EventsApi;
import org.capif.events.Parties;
import org.capif.testing.kafka.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * TS 29.222 §8.7 CAPIF_Logging_API_Invocation_API and §8.8 CAPIF_Auditing_API: an AEF logs only its own invocations,
 * the logs are stored without credentials and published to {@code capif.invocation-logs}; an AMF audits only its own
 * domain, with the YAML's filters and a page at a time; the token validator's decisions become logs too. Every answer
 * is checked against the YAMLs ({@link EventsApi}).
 */
@QuarkusTest
class LoggingAuditTest {

    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJpbnYifQ.c2lnbmF0dXJlc2lnbmF0dXJl";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void logWhenAefPostsItsOwnThenStoredWithoutCredentialsPublishedAndAuditedByItsAmf() {
        EventsApi api = new EventsApi(base);
        Parties.Domain domain = Parties.register();
        Parties.Invoker invoker = Parties.onboard();
        String apiId = "api-" + UUID.randomUUID();
        Map<String, Object> ok = EventsApi.logEntry(apiId, "monitoring", "201");
        ok.put("inputParameters", Map.of("authorization", "Bearer " + JWT, "size", 3));
        ok.put("uri", "https://aef.example.com/monitoring/v1/subscriptions?access_token=" + JWT);
        Map<String, Object> failed = EventsApi.logEntry(apiId, "monitoring", "500");

        Response posted = api.log(
                domain.aef(),
                domain.aefId(),
                EventsApi.invocationLog(domain.aefId(), invoker.id(), List.of(ok, failed)));

        assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(201);
        String location = posted.header("Location");
        assertThat(location).startsWith("https://capif.test/api-invocation-logs/v1/" + domain.aefId() + "/logs/");
        String logId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(posted.asString()).doesNotContain(JWT);
        List<Map<String, Object>> rows = Parties.sql()
                .rows(
                        "select aef_id, api_invoker_id, api_prov_dom_id, result, uri, input_parameters from"
                                + " invocation_log where log_id = ? order by id",
                        logId);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("aef_id", domain.aefId())
                .containsEntry("api_invoker_id", invoker.id())
                .containsEntry("api_prov_dom_id", domain.id())
                .containsEntry("result", "201");
        assertThat(rows.toString()).doesNotContain(JWT).doesNotContain("Bearer");
        assertThat(rows.get(0).get("input_parameters").toString()).contains("\"size\":3");
        List<ConsumerRecord<String, String>> published = TopicReader.readUntil(
                Parties.bootstrap(), "capif.invocation-logs", Duration.ofSeconds(20), all -> all.stream()
                        .anyMatch(r -> r.value().contains(logId)));
        ConsumerRecord<String, String> record = published.stream()
                .filter(r -> r.value().contains(logId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("log " + logId + " not on capif.invocation-logs"));
        assertThat(record.key()).isEqualTo(domain.aefId());
        assertThat(record.value()).doesNotContain(JWT);

        Response all = api.audit(domain.amf(), Map.of("aef-id", domain.aefId(), "api-invoker-id", invoker.id()));
        assertThat(all.statusCode()).as(all.asString()).isEqualTo(200);
        assertThat(all.jsonPath().getList("multipleInvocationLogs.apiInvokerId"))
                .containsExactly(invoker.id());
        assertThat(all.jsonPath().getList("multipleInvocationLogs[0].logs.result"))
                .containsExactly("201", "500");
        Response onlyFailures = api.audit(domain.amf(), Map.of("api-id", apiId, "result", "500"));
        assertThat(onlyFailures.statusCode()).isEqualTo(200);
        assertThat(onlyFailures.jsonPath().getList("multipleInvocationLogs[0].logs.result"))
                .containsExactly("500");
    }

    @Test
    void logWhenAnotherAefsIdOrNotAnAefThenRefusedAndNothingStored() {
        EventsApi api = new EventsApi(base);
        Parties.Domain mine = Parties.register();
        Parties.Domain other = Parties.register();
        Parties.Invoker invoker = Parties.onboard();
        List<Map<String, Object>> logs = List.of(EventsApi.logEntry("api-x", "x", "200"));

        Response foreign =
                api.log(mine.aef(), other.aefId(), EventsApi.invocationLog(other.aefId(), invoker.id(), logs));
        Response byInvoker =
                api.log(invoker.credential(), mine.aefId(), EventsApi.invocationLog(mine.aefId(), invoker.id(), logs));
        Response mismatched =
                api.log(mine.aef(), mine.aefId(), EventsApi.invocationLog(other.aefId(), invoker.id(), logs));

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.jsonPath().getString("cause")).isEqualTo("RESOURCE_NOT_OWNED");
        assertThat(byInvoker.statusCode()).isEqualTo(403);
        assertThat(byInvoker.jsonPath().getString("cause")).isEqualTo("ROLE_NOT_ALLOWED");
        assertThat(mismatched.statusCode()).isEqualTo(400);
        assertThat(mismatched.jsonPath().getString("invalidParams[0].param")).isEqualTo("/aefId");
        assertThat(Parties.sql()
                        .count(
                                "select count(*) from invocation_log where aef_id in (?, ?)",
                                mine.aefId(),
                                other.aefId()))
                .isZero();
    }

    @Test
    void auditWhenAnotherDomainsAefOrNotAnAmfThenRefusedAndOtherDomainsLogsNeverShown() {
        EventsApi api = new EventsApi(base);
        Parties.Domain owner = Parties.register();
        Parties.Domain other = Parties.register();
        Parties.Invoker invoker = Parties.onboard();
        String apiId = "api-" + UUID.randomUUID();
        assertThat(api.log(
                                owner.aef(),
                                owner.aefId(),
                                EventsApi.invocationLog(
                                        owner.aefId(),
                                        invoker.id(),
                                        List.of(EventsApi.logEntry(apiId, "secret", "200"))))
                        .statusCode())
                .isEqualTo(201);

        Response crossDomain = api.audit(other.amf(), Map.of("aef-id", owner.aefId()));
        Response ownDomainOnly = api.audit(other.amf(), Map.of("api-id", apiId));
        Response byApf = api.audit(owner.apf(), Map.of("api-id", apiId));

        assertThat(crossDomain.statusCode()).isEqualTo(403);
        assertThat(crossDomain.jsonPath().getString("cause")).isEqualTo("RESOURCE_NOT_OWNED");
        assertThat(ownDomainOnly.statusCode()).isEqualTo(404);
        assertThat(ownDomainOnly.jsonPath().getString("cause")).isEqualTo("INVOCATION_LOG_NOT_FOUND");
        assertThat(byApf.statusCode()).isEqualTo(403);
        assertThat(byApf.jsonPath().getString("cause")).isEqualTo("ROLE_NOT_ALLOWED");
        assertThat(api.audit(owner.amf(), Map.of("api-id", apiId)).statusCode()).isEqualTo(200);
    }

    @Test
    void auditWhenMoreLogsThanTheLimitThenPagesLinkedInInvocationOrder() {
        EventsApi api = new EventsApi(base);
        Parties.Domain domain = Parties.register();
        Parties.Invoker invoker = Parties.onboard();
        String apiId = "api-" + UUID.randomUUID();
        List<Map<String, Object>> logs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> log = EventsApi.logEntry(apiId, "paged", "20" + i);
            log.put("invocationTime", "2026-06-01T10:00:0" + i + "Z");
            logs.add(log);
        }
        assertThat(api.log(domain.aef(), domain.aefId(), EventsApi.invocationLog(domain.aefId(), invoker.id(), logs))
                        .statusCode())
                .isEqualTo(201);

        Response first = api.audit(domain.amf(), Map.of("api-id", apiId, "limit", "2"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.jsonPath().getList("multipleInvocationLogs[0].logs.result"))
                .containsExactly("200", "201");
        String link = first.header("Link");
        assertThat(link)
                .startsWith("<https://capif.test/logs/v1/apiInvocationLogs?")
                .endsWith(">; rel=\"next\"");
        Map<String, String> next = query(link.substring(link.indexOf('?') + 1, link.indexOf('>')));
        Response second = api.audit(domain.amf(), next);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getList("multipleInvocationLogs[0].logs.result"))
                .containsExactly("202");
        assertThat(second.header("Link")).isNull();
    }

    @Test
    void decisionWhenValidatorReportsThenStoredAsInvocationLogOfThatAef() {
        EventsApi api = new EventsApi(base);
        Parties.Domain domain = Parties.register();
        Parties.Invoker invoker = Parties.onboard();

        Parties.decision(domain.aefId(), invoker.id(), "monitoring-decided", true, "ALLOW");
        // refusals carry the status the invoker was answered: 403 for policy or scope, 401 for the token
        Parties.decision(domain.aefId(), invoker.id(), "monitoring-decided", false, "POLICY_RATE_EXCEEDED");
        Parties.decision(domain.aefId(), invoker.id(), "monitoring-decided", false, "TOKEN_EXPIRED");
        Parties.awaitRow(
                "select count(*) from invocation_log where aef_id = ? and source = 'token-validator'"
                        + " having count(*) = 3",
                domain.aefId());

        Response audited = api.audit(domain.amf(), Map.of("aef-id", domain.aefId()));
        assertThat(audited.statusCode()).as(audited.asString()).isEqualTo(200);
        assertThat(audited.jsonPath().getString("multipleInvocationLogs[0].apiInvokerId"))
                .isEqualTo(invoker.id());
        assertThat(audited.jsonPath().getList("multipleInvocationLogs[0].logs.result"))
                .containsExactlyInAnyOrder("200", "403", "401");
        assertThat(audited.jsonPath().getList("multipleInvocationLogs[0].logs.apiName"))
                .containsOnly("monitoring-decided");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    pair.substring(0, eq),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
