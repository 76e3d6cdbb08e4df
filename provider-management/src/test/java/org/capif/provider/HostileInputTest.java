package org.capif.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.edge.EdgeSweep;
import org.capif.testing.edge.LogCapture;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.edge.Operation;
import org.capif.testing.edge.Operation.QueryKind;
import org.capif.testing.http.RawHttps;
import org.capif.testing.kafka.TopicReader;
import org.capif.testing.pki.Credential;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every operation of provider management (registration, update and deregistration of provider domains; publication,
 * reading, update and withdrawal of service APIs; the operator's registration credentials, domain list and SDK users;
 * the SDK login), each with every hostile variant of {@code HostileRequests} (NUL, control characters and invalid UTF-8
 * in path, query, headers and body; overlong ids; traversal and encoded slashes; deep, duplicate-key and mistyped JSON;
 * wrong, missing and charset-qualified media types; empty and oversized bodies; repeated query parameters): each is a
 * 4xx ProblemDetails with a documented cause, with no stack trace in the answer or the log, no row changed and no event
 * published. The management interface's operations are swept too.
 */
@QuarkusTest
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_APIS = "/published-apis/v1/{apfId}/service-apis";
    private static final String SDK_USERS = "/capif-admin/v1/sdk-users";
    private static final String PASSWORD = "correct horse battery staple";
    private static final List<String> TOPICS = List.of("capif.provider-events", "capif.service-api-events");

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void everyOperationWhenInputIsHostileThenRefusedWithoutTraceOrChange() throws Exception {
        ProviderApi providers = new ProviderApi(base);
        ProviderApi.Registered domain = providers.registerOk();
        ProviderApi.Registered victim = providers.registerOk();
        Credential amf = domain.credential(0);
        Credential apf = domain.credential(1);
        String apfId = domain.functionId(1);
        String aefId = domain.functionId(2);
        String name = Fixtures.uniqueName("sweep");
        String apiId = publish(providers, domain, name);
        String victimApiId = publish(providers, domain, Fixtures.uniqueName("victim"));
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "sweep-operator"));
        String sdkUser = sdkUser(operator, Fixtures.uniqueName("sweep"));
        String victimUser = sdkUser(operator, Fixtures.uniqueName("victim"));
        Set<String> keys = Set.of(domain.id(), victim.id(), apiId, victimApiId);

        String credential = Fixtures.credential();
        String registration = JSON.writeValueAsString(Fixtures.registration(
                credential, List.of(Fixtures.function("AMF"), Fixtures.function("APF"), Fixtures.function("AEF"))));
        Map<String, Object> changed = Fixtures.serviceApi(name, aefId);
        changed.put("description", "changed by a sweep");
        String basic = Base64.getEncoder().encodeToString((sdkUser + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        int port = base.getPort();
        List<Operation> api = List.of(
                Operation.call("POST", Fixtures.REGISTRATIONS)
                        .header("Authorization", "Bearer " + credential)
                        .json(registration)
                        .on(port),
                Operation.call("PUT", Fixtures.REGISTRATIONS + "/{registrationId}")
                        .path("registrationId", domain.id())
                        .json(JSON.writeValueAsString(domain.asUpdate()))
                        .as(amf)
                        .on(port),
                Operation.call("PATCH", Fixtures.REGISTRATIONS + "/{registrationId}")
                        .path("registrationId", domain.id())
                        .mergePatch("{\"apiProvDomInfo\":\"patched by a sweep\"}")
                        .as(amf)
                        .on(port),
                Operation.call("DELETE", Fixtures.REGISTRATIONS + "/{registrationId}")
                        .path("registrationId", victim.id())
                        .as(victim.credential(0))
                        .on(port),
                Operation.call("POST", SERVICE_APIS)
                        .path("apfId", apfId)
                        .json(JSON.writeValueAsString(Fixtures.serviceApi(Fixtures.uniqueName("new"), aefId)))
                        .as(apf)
                        .on(port),
                Operation.call("GET", SERVICE_APIS).path("apfId", apfId).as(apf).on(port),
                Operation.call("GET", SERVICE_APIS + "/{serviceApiId}")
                        .path("apfId", apfId)
                        .path("serviceApiId", apiId)
                        .as(apf)
                        .on(port),
                Operation.call("PUT", SERVICE_APIS + "/{serviceApiId}")
                        .path("apfId", apfId)
                        .path("serviceApiId", apiId)
                        .json(JSON.writeValueAsString(changed))
                        .as(apf)
                        .on(port),
                Operation.call("PATCH", SERVICE_APIS + "/{serviceApiId}")
                        .path("apfId", apfId)
                        .path("serviceApiId", apiId)
                        .mergePatch("{\"description\":\"patched by a sweep\"}")
                        .as(apf)
                        .on(port),
                Operation.call("DELETE", SERVICE_APIS + "/{serviceApiId}")
                        .path("apfId", apfId)
                        .path("serviceApiId", victimApiId)
                        .as(apf)
                        .on(port),
                Operation.call("POST", "/capif-admin/v1/registration-credentials")
                        .json("{\"subject\":\"sweep\",\"lifetimeSeconds\":600}")
                        .emptyBodyAccepted()
                        .as(operator)
                        .on(port),
                Operation.call("GET", "/capif-admin/v1/provider-domains")
                        .query("limit", "10", QueryKind.INTEGER)
                        .query("after", domain.id(), QueryKind.IDENTIFIER)
                        .as(operator)
                        .on(port),
                Operation.call("PUT", SDK_USERS + "/{username}")
                        .path("username", Fixtures.uniqueName("new"))
                        .json("{\"password\":\"" + PASSWORD + "\",\"role\":\"invoker\",\"defaultApis\":[\"" + name
                                + "\"]}")
                        .as(operator)
                        .on(port),
                Operation.call("DELETE", SDK_USERS + "/{username}")
                        .path("username", victimUser)
                        .as(operator)
                        .on(port),
                Operation.call("GET", SDK_USERS).as(operator).on(port),
                Operation.call("GET", "/getauth")
                        .header("Authorization", "Basic " + basic)
                        .on(port));
        // this service takes larger bodies than the others (service API descriptions): oversized means over its limit
        int limit = (int) ConfigProvider.getConfig()
                .getValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .asLongValue();
        api.forEach(op -> op.maxBodySize(limit));
        List<Operation> operations = new ArrayList<>(ManagementChecks.operations(management.getPort(), Fixtures.pki()));
        operations.addAll(api);
        Map<String, String> before = EdgeSweep.settledDigest(Fixtures.sql());
        List<String> eventsBefore = events(keys);

        EdgeSweep.Result result;
        try (LogCapture log = LogCapture.start()) {
            result = EdgeSweep.run(Fixtures.pki(), operations);

            assertThat(result.failures().isEmpty()).as(result.report()).isTrue();
            assertThat(log.stackTraces()).isEmpty();
            assertThat(log.warnings("org.capif", "io.vertx", "io.quarkus", "org.hibernate", "org.jboss"))
                    .isEmpty();
        }
        assertThat(result.sent()).isGreaterThan(700);
        assertThat(EdgeSweep.settledDigest(Fixtures.sql())).isEqualTo(before);
        assertThat(events(keys)).isEqualTo(eventsBefore);
        // the well-behaved reads, with the same certificates, are served: the refusals above were the input's doing
        assertThat(providers.get(apf, apfId, apiId).statusCode()).isEqualTo(200);
        assertThat(providers.list(apf, apfId).statusCode()).isEqualTo(200);
        assertThat(RawHttps.to(port, Fixtures.pki(), operator)
                        .send("GET", SDK_USERS, Map.of(), null)
                        .text())
                .contains(sdkUser, victimUser);
    }

    private static String publish(ProviderApi api, ProviderApi.Registered domain, String name) {
        var r = api.publish(
                domain.credential(1), domain.functionId(1), Fixtures.serviceApi(name, domain.functionId(2)));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("apiId");
    }

    private String sdkUser(Credential operator, String username) {
        RawHttps.Answer a = RawHttps.to(base.getPort(), Fixtures.pki(), operator)
                .send(
                        "PUT",
                        SDK_USERS + "/" + username,
                        Map.of("Content-Type", "application/json"),
                        ("{\"password\":\"" + PASSWORD + "\",\"role\":\"provider\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return username;
    }

    /** The provider and service API events of the sweep's domains and APIs (key and value), as on the topics now. */
    private static List<String> events(Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String topic : TOPICS) {
            for (ConsumerRecord<String, String> r :
                    TopicReader.readUntil(Fixtures.kafka(), topic, Duration.ofSeconds(3), records -> false)) {
                if (keys.contains(r.key())) {
                    out.add(topic + " " + r.key() + " " + r.value());
                }
            }
        }
        out.sort(null);
        return out;
    }
}
