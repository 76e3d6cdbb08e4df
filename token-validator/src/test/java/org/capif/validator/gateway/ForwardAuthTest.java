package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/**
 * The HTTP variant of the external authorizer as each kind of gateway calls it: Envoy's HTTP service (original method,
 * path after the prefix, x-forwarded-client-cert), Traefik and Caddy forward-auth (X-Forwarded-Method and -Uri), NGINX
 * (X-Original-*, X-Client-Cert); and only the AEF's registered certificate may ask.
 */
@QuarkusTest
class ForwardAuthTest {

    private static final String QOS_PATH = "/as-session-with-qos/v1/scs-1/subscriptions";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private RequestSpecification as(Credential caller, World.Invoker i, String... apiNames) {
        return Https.as(CapifTestResource.pki(), base, caller)
                .urlEncodingEnabled(false)
                .header("Authorization", "Bearer " + Gateways.token(i, apiNames))
                .header("X-Capif-Api-Name", Gateways.QOS);
    }

    private static String xfcc(World.Invoker i) {
        return "By=spiffe://cluster.local/ns/aef/sa/gw;Cert=\"" + EnvoyClient.escapedPem(i.credential())
                + "\";URI=urn:capif:invoker:" + i.id();
    }

    @Test
    void authorizeWhenEnvoyHttpServiceStyleThenAllowedWithTheInvoker() {
        World.Invoker i = Gateways.invoker();
        Response r = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.XFCC, xfcc(i))
                .post(ForwardAuthRoutes.PREFIX + QOS_PATH + "?limit=1");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.header("x-capif-api-invoker-id")).isEqualTo(i.id());
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void authorizeWhenForwardAuthHeadersThenTheOriginalRouteIsChecked() {
        World.Invoker i = Gateways.invoker();
        String escaped = EnvoyClient.escapedPem(i.credential());
        Response allowed = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header("X-Forwarded-Method", "DELETE")
                .header("X-Forwarded-Uri", QOS_PATH + "/sub-1")
                .get(ForwardAuthRoutes.PREFIX);
        assertThat(allowed.statusCode()).as(allowed.asString()).isEqualTo(200);
        Response refused = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header("X-Original-Method", "DELETE")
                .header("X-Original-URI", QOS_PATH)
                .get(ForwardAuthRoutes.PREFIX);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("cause")).isEqualTo("ROUTE_NOT_PUBLISHED");
        assertThat(refused.header("x-capif-reason")).isEqualTo("ROUTE_NOT_PUBLISHED");
        assertThat(refused.header("WWW-Authenticate"))
                .isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"ROUTE_NOT_PUBLISHED\"");
    }

    @Test
    void authorizeWhenTheOriginalRouteOrCertificateIsAmbiguousThenRefused() {
        World.Invoker i = Gateways.invoker();
        String escaped = EnvoyClient.escapedPem(i.credential());
        Response twoUris = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header("X-Forwarded-Uri", QOS_PATH)
                .header("X-Original-URI", "/monitoring-event/v1/x/subscriptions")
                .get(ForwardAuthRoutes.PREFIX);
        assertThat(twoUris.statusCode()).isEqualTo(400);
        assertThat(twoUris.jsonPath().getString("cause")).isEqualTo("MANDATORY_IE_INCORRECT");
        Response twoCertificates = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header(ForwardedCertificates.XFCC, xfcc(i))
                .get(ForwardAuthRoutes.PREFIX + QOS_PATH);
        assertThat(twoCertificates.statusCode()).isEqualTo(401);
        assertThat(twoCertificates.jsonPath().getString("cause")).isEqualTo("CERTIFICATE_MISMATCH");
    }

    @Test
    void authorizeWhenAHeaderIsRepeatedOrTheOriginalIsMalformedThenRefused() {
        World.Invoker i = Gateways.invoker();
        String escaped = EnvoyClient.escapedPem(i.credential());
        Response twoTokens = as(Gateways.aef(), i, Gateways.QOS)
                .header("Authorization", "Bearer x")
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .get(ForwardAuthRoutes.PREFIX + QOS_PATH);
        assertThat(twoTokens.statusCode()).as(twoTokens.asString()).isEqualTo(400);
        assertThat(twoTokens.jsonPath().getString("cause")).isEqualTo("MANDATORY_IE_INCORRECT");
        Response twoCertificates = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header(
                        ForwardedCertificates.CLIENT_CERT,
                        EnvoyClient.escapedPem(Gateways.invoker().credential()))
                .get(ForwardAuthRoutes.PREFIX + QOS_PATH);
        assertThat(twoCertificates.statusCode()).isEqualTo(401);
        assertThat(twoCertificates.jsonPath().getString("cause")).isEqualTo("CERTIFICATE_MISMATCH");
        Response badMethod = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header("X-Original-Method", "GET POST")
                .header("X-Original-URI", QOS_PATH)
                .get(ForwardAuthRoutes.PREFIX);
        assertThat(badMethod.statusCode()).isEqualTo(400);
        assertThat(badMethod.jsonPath().getString("cause")).isEqualTo("MANDATORY_IE_INCORRECT");
        Response badEscape = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, escaped)
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/as-session-with-qos/v1/%zz/subscriptions")
                .get(ForwardAuthRoutes.PREFIX);
        assertThat(badEscape.statusCode()).isEqualTo(403);
        assertThat(badEscape.jsonPath().getString("cause")).isEqualTo("ROUTE_NOT_PUBLISHED");
    }

    @Test
    void authorizeWhenTheCallerIsNotTheRegisteredAefThenRefused() {
        World.Invoker i = Gateways.invoker();
        Response invoker = as(i.credential(), i, Gateways.QOS)
                .header(ForwardedCertificates.XFCC, xfcc(i))
                .get(ForwardAuthRoutes.PREFIX + QOS_PATH);
        assertThat(invoker.statusCode()).isEqualTo(403);
        assertThat(invoker.jsonPath().getString("cause")).isEqualTo("ROLE_NOT_ALLOWED");
        Response unregistered = as(World.unregisteredAef(Gateways.AEF), i, Gateways.QOS)
                .header(ForwardedCertificates.XFCC, xfcc(i))
                .get(ForwardAuthRoutes.PREFIX + QOS_PATH);
        assertThat(unregistered.statusCode()).isEqualTo(401);
        assertThat(unregistered.jsonPath().getString("cause")).isEqualTo("CLIENT_CERTIFICATE_INVALID");
        Response otherAef = as(Gateways.aef(), i, Gateways.QOS)
                .header(ForwardedCertificates.XFCC, xfcc(i))
                .header("X-Capif-Aef-Id", World.AEF)
                .get(ForwardAuthRoutes.PREFIX + QOS_PATH);
        assertThat(otherAef.statusCode()).isEqualTo(403);
        assertThat(otherAef.jsonPath().getString("cause")).isEqualTo("RESOURCE_NOT_OWNED");
    }
}
