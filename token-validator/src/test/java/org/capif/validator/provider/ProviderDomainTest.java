package org.capif.validator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.common.api.ApiStatus;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.testing.CapifTestResource;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/**
 * The validator follows the provider domain: AEF certificates only while registered with exactly that certificate
 * (every endpoint), and APIs usable only where and as they are published now (docs/errors.md API_NOT_PUBLISHED).
 */
@QuarkusTest
class ProviderDomainTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static void assertCertificateRefused(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("cause")).isEqualTo("CLIENT_CERTIFICATE_INVALID");
    }

    private Response checkAuthentication(Credential aef, String invokerId) {
        return Https.as(CapifTestResource.pki(), base, aef)
                .contentType(ContentType.JSON)
                .body(Map.of("apiInvokerId", invokerId, "supportedFeatures", "0"))
                .post("/aef-security/v1/check-authentication");
    }

    @Test
    void everyEndpointWhenAefNeverRegisteredThenClientCertificateInvalid() {
        Credential stranger = World.unregisteredAef("aef-unregistered-" + UUID.randomUUID());
        World.Invoker i = World.onboard();
        String token = World.token(World.claims(i));
        assertCertificateRefused(World.decide(base, stranger, token, "as-session-with-qos", "x"));
        assertCertificateRefused(World.introspect(base, stranger, token));
        assertCertificateRefused(checkAuthentication(stranger, i.id()));
    }

    @Test
    void decideWhenDomainDeregisteredThenTheAefCertificateIsRefused() {
        String aefId = "aef-dereg-" + UUID.randomUUID();
        Credential aef = CapifTestResource.pki().client(CapifIdentity.aef(aefId));
        String domain = ProviderSide.registerAef(World.bootstrap(), aefId, aef.thumbprint());
        World.awaitRegistered(aefId, aef);
        World.Invoker i = World.onboard();
        Response accepted = World.decide(
                base,
                aef,
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.jsonPath().getString("reason")).isEqualTo("WRONG_AUDIENCE");

        ProviderSide.deregister(World.bootstrap(), domain);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> World.decide(base, aef, "x", "y", "z").statusCode() == 401);
        assertCertificateRefused(World.decide(
                base,
                aef,
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint()));
        assertCertificateRefused(World.introspect(base, aef, World.token(World.claims(i))));
        assertCertificateRefused(checkAuthentication(aef, i.id()));
    }

    @Test
    void decideWhenAefCertificateReplacedThenOnlyTheNewOneIsAccepted() {
        String aefId = "aef-rekey-" + UUID.randomUUID();
        Credential old = CapifTestResource.pki().client(CapifIdentity.aef(aefId));
        String domain = ProviderSide.registerAef(World.bootstrap(), aefId, old.thumbprint());
        World.awaitRegistered(aefId, old);
        Credential fresh = CapifTestResource.pki().client(CapifIdentity.aef(aefId));
        ProviderSide.register(
                World.bootstrap(),
                domain,
                List.of(new ProviderFunction(
                        aefId, CapifRole.AEF, fresh.thumbprint(), Instant.now().plusSeconds(86400))));
        World.awaitRegistered(aefId, fresh);
        assertCertificateRefused(World.decide(base, old, "x", "y", "z"));
        assertThat(World.decide(base, fresh, "x", "y", "z").jsonPath().getString("reason"))
                .isEqualTo("TOKEN_MALFORMED");
    }

    /** An invoker subscribed to QOS (never published: its entry stands) and to a freshly published API. */
    private record Subscribed(World.Invoker invoker, ServiceApiEvent api, String token) {}

    private Subscribed subscribedToPublishedApi() {
        String name = "api-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceApiEvent api = ProviderSide.publish(World.bootstrap(), "id-" + name, name, World.AEF, "OAUTH");
        World.Invoker i = World.onboard();
        World.update(
                i, 2, i.credential(), World.QOS, new SubscribedApi(api.apiId(), name, World.AEF, List.of("OAUTH")));
        Map<String, Object> claims = World.claims(i);
        claims.put("scope", "3gpp#" + World.AEF + ":as-session-with-qos," + name);
        String token = World.token(claims);
        World.awaitDecision(
                base, World.aef(World.AEF), token, name, i.credential().thumbprint(), World.reason("OK"));
        return new Subscribed(i, api, token);
    }

    private String reason(Subscribed s, String apiName) {
        return World.decide(
                        base,
                        World.aef(World.AEF),
                        s.token(),
                        apiName,
                        s.invoker().credential().thumbprint())
                .jsonPath()
                .getString("reason");
    }

    @Test
    void decideWhenApiUnpublishedThenApiNotPublishedWhileOtherApisStayAllowed() {
        Subscribed s = subscribedToPublishedApi();
        ProviderSide.unpublish(World.bootstrap(), s.api());
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                s.token(),
                s.api().description().apiName(),
                s.invoker().credential().thumbprint(),
                World.reason("API_NOT_PUBLISHED"));
        assertThat(reason(s, "as-session-with-qos")).isEqualTo("OK");
    }

    @Test
    void decideWhenAefRemovedFromTheApiStatusThenApiNotPublished() {
        Subscribed s = subscribedToPublishedApi();
        var d = s.api().description();
        ProviderSide.publish(
                World.bootstrap(),
                new org.capif.common.api.ServiceAPIDescription(
                        d.apiName(),
                        d.apiId(),
                        new ApiStatus(List.of()),
                        d.aefProfiles(),
                        d.description(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                ServiceApiStatus.PUBLISHED);
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                s.token(),
                d.apiName(),
                s.invoker().credential().thumbprint(),
                World.reason("API_NOT_PUBLISHED"));
        assertThat(reason(s, "as-session-with-qos")).isEqualTo("OK");
    }

    @Test
    void decideWhenAnotherApiIsPublishedUnderTheSubscribedNameThenApiNotSubscribed() {
        String name = "clash-" + UUID.randomUUID().toString().substring(0, 8);
        World.Invoker i = World.onboard();
        // subscribed to an API id the validator never heard of, under a name that another API is published with
        World.update(
                i,
                2,
                i.credential(),
                World.QOS,
                new SubscribedApi("id-never-published-" + name, name, World.AEF, List.of("OAUTH")));
        Map<String, Object> claims = World.claims(i);
        claims.put("scope", "3gpp#" + World.AEF + ":as-session-with-qos," + name);
        String token = World.token(claims);
        World.awaitDecision(
                base, World.aef(World.AEF), token, name, i.credential().thumbprint(), World.reason("OK"));
        ProviderSide.publish(World.bootstrap(), "id-other-" + name, name, World.AEF, "OAUTH");
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                token,
                name,
                i.credential().thumbprint(),
                World.reason("API_NOT_SUBSCRIBED"));
    }
}
