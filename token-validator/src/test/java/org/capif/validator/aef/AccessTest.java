package org.capif.validator.aef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.testing.CapifTestResource;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/** Only AEFs with CAPIF certificates reach the validator; the AEF_Security_API check-authentication shape. */
@QuarkusTest
class AccessTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final OpenApiContract contract = OpenApiContract.of("TS29222_AEF_Security_API.yaml", "/aef-security/v1");

    @Test
    void decideWhenNoClientCertificateThenTlsHandshakeRefused() {
        assertThatThrownBy(() -> Https.anonymous(CapifTestResource.pki(), base)
                        .contentType(ContentType.JSON)
                        .body(Map.of("accessToken", "x", "apiName", "y", "clientCertThumbprint", "z"))
                        .post("/token-validator/v1/decisions"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void decideWhenCertificateFromAnotherCaThenTlsHandshakeRefused() {
        var foreign = CapifTestResource.pki().foreignClient(CapifIdentity.aef(World.AEF));
        assertThatThrownBy(() -> Https.as(CapifTestResource.pki(), base, foreign)
                        .contentType(ContentType.JSON)
                        .body(Map.of("accessToken", "x", "apiName", "y", "clientCertThumbprint", "z"))
                        .post("/token-validator/v1/decisions"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void decideWhenCallerIsAnInvokerThenForbidden() {
        World.Invoker i = World.onboard();
        Response r = World.decide(
                base,
                i.credential(),
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("cause")).isEqualTo("ROLE_NOT_ALLOWED");
    }

    @Test
    void checkAuthenticationWhenInvokerKnownThenOkElseNotFound() {
        World.Invoker i = World.onboard();
        String token = World.token(World.claims(i));
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                token,
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("OK"));
        String path = "/aef-security/v1/check-authentication";
        Response known = contract.check(
                "POST",
                path,
                Https.as(CapifTestResource.pki(), base, World.aef(World.AEF))
                        .contentType(ContentType.JSON)
                        .body(Map.of("apiInvokerId", i.id(), "supportedFeatures", "0"))
                        .post(path));
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(known.jsonPath().getString("supportedFeatures")).isEqualTo("0");
        Response unknown = contract.check(
                "POST",
                path,
                Https.as(CapifTestResource.pki(), base, World.aef(World.AEF))
                        .contentType(ContentType.JSON)
                        .body(Map.of("apiInvokerId", "nobody", "supportedFeatures", "0"))
                        .post(path));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.jsonPath().getString("cause")).isEqualTo("API_INVOKER_NOT_FOUND");
        Response bad = contract.check(
                "POST",
                path,
                Https.as(CapifTestResource.pki(), base, World.aef(World.AEF))
                        .contentType(ContentType.JSON)
                        .body(Map.of("apiInvokerId", i.id()))
                        .post(path));
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    private Response checkAuthentication(String aefId, String apiInvokerId) {
        String path = "/aef-security/v1/check-authentication";
        return contract.check(
                "POST",
                path,
                Https.as(CapifTestResource.pki(), base, World.aef(aefId))
                        .contentType(ContentType.JSON)
                        .body(Map.of("apiInvokerId", apiInvokerId, "supportedFeatures", "0"))
                        .post(path));
    }

    @Test
    void checkAuthenticationWhenInvokerUnrelatedToTheAefThenAnsweredExactlyAsAnUnknownOne() {
        // defect: any AEF learned whether an invoker id exists (200 for an invoker of another AEF, 404 otherwise)
        World.Invoker i = World.onboard(); // subscribed to APIs of aef-demo only
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("OK"));
        assertThat(checkAuthentication(World.AEF, i.id()).statusCode()).isEqualTo(200);
        Response unrelated = checkAuthentication("aef-two", i.id());
        Response unknown = checkAuthentication("aef-two", "inv-never-onboarded");
        for (Response r : List.of(unrelated, unknown)) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(unrelated.jsonPath().getMap("$").keySet())
                .isEqualTo(unknown.jsonPath().getMap("$").keySet());
        for (String field : List.of("status", "title", "cause")) {
            assertThat(unrelated.jsonPath().getString(field))
                    .isEqualTo(unknown.jsonPath().getString(field));
        }
        assertThat(unrelated.jsonPath().getString("detail").replace(i.id(), "ID"))
                .isEqualTo(unknown.jsonPath().getString("detail").replace("inv-never-onboarded", "ID"));
        World.offboard(i);
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("INVOKER_OFFBOARDED"));
        Response offboarded = checkAuthentication(World.AEF, i.id());
        assertThat(offboarded.statusCode()).isEqualTo(404);
        assertThat(offboarded.jsonPath().getString("cause"))
                .isEqualTo(unknown.jsonPath().getString("cause"));
    }
}
