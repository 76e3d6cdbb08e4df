package org.capif.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.events.EventsApi;
import org.capif.events.Parties;
import org.capif.events.Receivers;
import org.capif.testing.http.CallbackReceiver;
import org.junit.jupiter.api.Test;

/**
 * The CAPIF events made from the authorization function's topics and from invocation logs reach a real HTTPS receiver:
 * {@code API_INVOKER_AUTHORIZATION_REVOKED} (and the TS 29.222 §8.5 {@code SecurityNotification} to the security
 * context's {@code notificationDestination}), {@code ACCESS_CONTROL_POLICY_UPDATE} / {@code _UNAVAILABLE} and
 * {@code SERVICE_API_INVOCATION_SUCCESS} / {@code _FAILURE}, each with its {@code eventDetail}.
 */
@QuarkusTest
class SecurityPolicyInvocationEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void revocationWhenAefRevokesThenInvokerAefAndSecurityContextDestinationNotifiedOnce() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Domain domain = Parties.register();
        String apiId = "api-" + UUID.randomUUID();
        Parties.publish(domain, apiId, "qos-" + apiId, "qos");
        Parties.Invoker invoker = Parties.onboard(Parties.subscribed(domain, apiId, "qos-" + apiId));
        Parties.Invoker bystander = Parties.onboard(Parties.subscribed(domain, apiId, "qos-" + apiId));
        List<String> revokedEvent = List.of("API_INVOKER_AUTHORIZATION_REVOKED");
        String invokerPath = Receivers.path("revoked-invoker");
        api.subscribeOk(
                invoker.credential(), invoker.id(), EventsApi.subscription(Receivers.url(invokerPath), revokedEvent));
        String bystanderPath = Receivers.path("revoked-bystander");
        api.subscribeOk(
                bystander.credential(),
                bystander.id(),
                EventsApi.subscription(Receivers.url(bystanderPath), revokedEvent));
        String aefPath = Receivers.path("revoked-aef");
        api.subscribeOk(domain.aef(), domain.aefId(), EventsApi.subscription(Receivers.url(aefPath), revokedEvent));
        String contextPath = Receivers.path("security-context");

        Parties.revoke(invoker, domain.aefId(), List.of(apiId), "OVERLIMIT_USAGE", Receivers.url(contextPath));

        receiver.await(
                WAIT,
                all -> !receiver.received(invokerPath).isEmpty()
                        && !receiver.received(aefPath).isEmpty()
                        && !receiver.received(contextPath).isEmpty());
        assertThat(receiver.received(invokerPath)).hasSize(1);
        JsonNode toInvoker = Receivers.json(receiver.received(invokerPath).get(0));
        assertThat(toInvoker.path("events").asText()).isEqualTo("API_INVOKER_AUTHORIZATION_REVOKED");
        assertThat(toInvoker.path("eventDetail").path("apiIds").get(0).asText()).isEqualTo(apiId);
        assertThat(toInvoker.path("eventDetail").path("apiInvokerIds").get(0).asText())
                .isEqualTo(invoker.id());
        assertThat(Receivers.json(receiver.received(aefPath).get(0))
                        .path("eventDetail")
                        .path("apiInvokerIds")
                        .get(0)
                        .asText())
                .isEqualTo(invoker.id());
        assertThat(receiver.received(contextPath)).hasSize(1);
        JsonNode security = Receivers.json(receiver.received(contextPath).get(0));
        assertThat(security.path("apiInvokerId").asText()).isEqualTo(invoker.id());
        assertThat(security.path("aefId").asText()).isEqualTo(domain.aefId());
        assertThat(security.path("apiIds").get(0).asText()).isEqualTo(apiId);
        assertThat(security.path("cause").asText()).isEqualTo("OVERLIMIT_USAGE");
        assertThat(receiver.received(bystanderPath)).isEmpty();
    }

    @Test
    void policyWhenSetThenRemovedThenAefNotifiedOfUpdateThenUnavailableInOrder() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Domain domain = Parties.register();
        String apiId = "api-" + UUID.randomUUID();
        Parties.publish(domain, apiId, "policy-" + apiId, "policy");
        Parties.Invoker invoker = Parties.onboard(Parties.subscribed(domain, apiId, "policy-" + apiId));
        String aefPath = Receivers.path("policy-aef");
        api.subscribeOk(
                domain.aef(),
                domain.aefId(),
                EventsApi.subscription(
                        Receivers.url(aefPath),
                        List.of("ACCESS_CONTROL_POLICY_UPDATE", "ACCESS_CONTROL_POLICY_UNAVAILABLE")));

        Parties.policy(invoker, domain.aefId(), apiId, "policy-" + apiId, new ApiInvokerPolicy(null, 100, 5, null));
        Parties.policy(invoker, domain.aefId(), apiId, "policy-" + apiId, null);

        receiver.await(WAIT, all -> receiver.received(aefPath).size() >= 2);
        List<JsonNode> got =
                receiver.received(aefPath).stream().map(Receivers::json).toList();
        assertThat(got)
                .extracting(n -> n.path("events").asText())
                .containsExactly("ACCESS_CONTROL_POLICY_UPDATE", "ACCESS_CONTROL_POLICY_UNAVAILABLE");
        JsonNode policies = got.get(0).path("eventDetail").path("accCtrlPolList");
        assertThat(policies.path("apiId").asText()).isEqualTo(apiId);
        assertThat(policies.path("apiInvokerPolicies")
                        .get(0)
                        .path("apiInvokerId")
                        .asText())
                .isEqualTo(invoker.id());
        assertThat(policies.path("apiInvokerPolicies")
                        .get(0)
                        .path("allowedTotalInvocations")
                        .asInt())
                .isEqualTo(100);
        assertThat(got.get(1).path("eventDetail").path("apiIds").get(0).asText())
                .isEqualTo(apiId);
    }

    @Test
    void invocationLogWhenAefLogsSuccessAndFailureThenItsAmfNotifiedOfEachWithTheLog() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Domain domain = Parties.register();
        Parties.Domain other = Parties.register();
        Parties.Invoker invoker = Parties.onboard();
        String apiId = "api-" + UUID.randomUUID();
        List<String> events = List.of("SERVICE_API_INVOCATION_SUCCESS", "SERVICE_API_INVOCATION_FAILURE");
        String amfPath = Receivers.path("invocations-amf");
        api.subscribeOk(domain.amf(), domain.amfId(), EventsApi.subscription(Receivers.url(amfPath), events));
        String otherPath = Receivers.path("invocations-other-amf");
        api.subscribeOk(other.amf(), other.amfId(), EventsApi.subscription(Receivers.url(otherPath), events));

        assertThat(api.log(
                                domain.aef(),
                                domain.aefId(),
                                EventsApi.invocationLog(
                                        domain.aefId(),
                                        invoker.id(),
                                        List.of(
                                                EventsApi.logEntry(apiId, "logged", "201"),
                                                EventsApi.logEntry(apiId, "logged", "503"))))
                        .statusCode())
                .isEqualTo(201);

        receiver.await(WAIT, all -> receiver.received(amfPath).size() >= 2);
        List<JsonNode> got =
                receiver.received(amfPath).stream().map(Receivers::json).toList();
        assertThat(got).extracting(n -> n.path("events").asText()).containsExactlyElementsOf(events);
        JsonNode log = got.get(1).path("eventDetail").path("invocationLogs").get(0);
        assertThat(log.path("aefId").asText()).isEqualTo(domain.aefId());
        assertThat(log.path("apiInvokerId").asText()).isEqualTo(invoker.id());
        assertThat(log.path("logs").get(0).path("result").asText()).isEqualTo("503");
        assertThat(receiver.received(otherPath)).isEmpty();
    }
}
