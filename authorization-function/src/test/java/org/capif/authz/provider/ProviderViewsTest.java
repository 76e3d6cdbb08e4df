package org.capif.authz.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.testing.CapifTestResource;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * The authorization function follows the provider domain through its events: AEF certificates count only while
 * registered, and subscriptions are usable only where and as the APIs are published now (security methods, AEFs,
 * unpublication). The views are rebuilt from their topics alone.
 */
@QuarkusTest
class ProviderViewsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Inject
    AuthorizationState state;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ServiceApiEvent publish(String apiId, String name, List<String> aefs, String... methods) {
        List<AefProfile> profiles = aefs.stream()
                .map(aef -> new AefProfile(
                        aef,
                        List.of(Version.of("v1")),
                        null,
                        null,
                        List.of(methods),
                        aef + ".example.com",
                        null,
                        null,
                        null,
                        null))
                .toList();
        ServiceApiEvent e = ProviderSide.publish(
                Invokers.bootstrap(),
                new ServiceAPIDescription(name, apiId, null, profiles, null, null, null, null, null, null, null),
                ServiceApiStatus.PUBLISHED);
        await().atMost(Duration.ofSeconds(20)).until(() -> state.publishedApis()
                .api(apiId)
                .map(k -> k.sequence() >= e.sequence())
                .orElse(false));
        return e;
    }

    @Test
    void aefRequestsWhenTheAefIsNotOrNoLongerRegisteredThenItsCertificateIsRefused() {
        String aefId = unique("aef-reg");
        Credential aef = CapifTestResource.pki().client(CapifIdentity.aef(aefId));
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS);
        SecurityApi api = new SecurityApi(base);

        Response unregistered = api.get(aef, invoker.id(), false, false);
        assertThat(unregistered.statusCode()).as(unregistered.asString()).isEqualTo(401);
        assertThat(unregistered.jsonPath().getString("cause")).isEqualTo("CLIENT_CERTIFICATE_INVALID");

        String domain = ProviderSide.registerAef(Invokers.bootstrap(), aefId, aef.thumbprint());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> state.providers().current(CapifRole.AEF, aefId, aef.thumbprint()));
        assertThat(api.get(aef, invoker.id(), false, false).statusCode()).isEqualTo(404); // known AEF, nothing of it

        Credential replaced = CapifTestResource.pki().client(CapifIdentity.aef(aefId));
        assertThat(api.get(replaced, invoker.id(), false, false).statusCode()).isEqualTo(401);

        ProviderSide.deregister(Invokers.bootstrap(), domain);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !state.providers().current(CapifRole.AEF, aefId, aef.thumbprint()));
        assertThat(api.get(aef, invoker.id(), false, false).jsonPath().getString("cause"))
                .isEqualTo("CLIENT_CERTIFICATE_INVALID");
    }

    @Test
    void securityContextWhenTheApiIsPublishedThenItsCurrentMethodsAndAefsDecideAndUnpublishingEndsTokens() {
        String apiId = "api-" + UUID.randomUUID();
        String name = unique("pub");
        String aef1 = unique("aef-a");
        String aef2 = unique("aef-b");
        Invokers.Invoker invoker = Invokers.onboard(new SubscribedApi(apiId, name, aef1, List.of("OAUTH")));
        SecurityApi api = new SecurityApi(base);

        ServiceApiEvent pkiOnly = publish(apiId, name, List.of(aef1), "PKI");
        Response refused = api.put(
                invoker.credential(),
                invoker.id(),
                SecurityApi.serviceSecurity(SecurityApi.entry(aef1, apiId, "OAUTH")));
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("cause")).isEqualTo("SECURITY_METHOD_NOT_SUPPORTED");

        publish(apiId, name, List.of(aef1, aef2), "OAUTH");
        Response ok = api.put(
                invoker.credential(),
                invoker.id(),
                SecurityApi.serviceSecurity(
                        SecurityApi.entry(aef1, apiId, "OAUTH"), SecurityApi.entry(aef2, apiId, "OAUTH")));
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(201);
        Response token = api.token(invoker.credential(), invoker.id(), "3gpp#" + aef2 + ":" + name);
        assertThat(token.statusCode()).as(token.asString()).isEqualTo(200);

        ServiceApiEvent gone = ProviderSide.unpublish(Invokers.bootstrap(), pkiOnly);
        await().atMost(Duration.ofSeconds(5)).until(() -> state.publishedApis()
                .api(apiId)
                .map(k -> k.sequence() >= gone.sequence())
                .orElse(false));
        Response after = api.token(invoker.credential(), invoker.id(), "3gpp#" + aef1 + ":" + name);
        assertThat(after.statusCode()).as(after.asString()).isEqualTo(400);
        assertThat(after.jsonPath().getString("error")).isEqualTo("invalid_scope");
    }

    @Test
    void rebuildWhenTheOperatorAsksThenBothProviderViewsEqualTheOriginals() {
        publish("api-" + UUID.randomUUID(), unique("rb"), List.of(unique("aef-rb")), "OAUTH");
        ProviderSide.registerAef(Invokers.bootstrap(), unique("aef-rb2"), "thumbprint-" + UUID.randomUUID());
        Credential operator = CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
        for (Map.Entry<String, String> view : Map.of(
                        "provider-view", "select api_prov_dom_id, event, sequence from provider_domain_view order by 1",
                        "service-api-view", "select api_id, event, sequence from service_api_view order by 1")
                .entrySet()) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !Invokers.sql().rows(view.getValue()).isEmpty());
            List<Map<String, Object>> before = Invokers.sql().rows(view.getValue());
            Response r = new SecurityApi(base).spec(operator).post("/capif-admin/v1/" + view.getKey() + "/rebuild");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(r.jsonPath().getInt("restored")).isGreaterThanOrEqualTo(before.size());
            assertThat(Invokers.sql().rows(view.getValue())).containsAll(before);
        }
    }
}
