package org.capif.invoker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * The onboarding credential (TS 33.122 §6.1): a signed, expiring, single-use JWT minted by the operator. Every way of
 * presenting a bad one is refused with 401 (or 403 once spent) and onboards nobody.
 */
@QuarkusTest
class OnboardingCredentialTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private Response onboardWith(String credential) {
        return new InvokerApi(base).onboard(credential, Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256()), "api-qos"));
    }

    private long invokers() {
        return Fixtures.sql().count("select count(*) from api_invoker");
    }

    @Test
    void onboardWhenNoCredentialThenUnauthorizedWithBearerChallenge() {
        long before = invokers();
        Response r = assertProblem(onboardWith(null), 401, "CREDENTIAL_MISSING");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(invokers()).isEqualTo(before);
    }

    @Test
    void onboardWhenAuthorizationIsNotBearerThenUnauthorized() {
        Response r = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .body(Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256())))
                .post(Fixtures.INVOKERS);
        assertProblem(r, 401, "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialIsGarbageThenUnauthorized() {
        assertProblem(onboardWith("not.a.jwt"), 401, "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialExpiredThenUnauthorized() {
        Instant past = Instant.now().minusSeconds(3600);
        String expired = Fixtures.credential(
                Fixtures.operatorKey(), Fixtures.ISSUER, Fixtures.AUDIENCE, past, past.plusSeconds(60), uuid());
        assertProblem(onboardWith(expired), 401, "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialSignedByAnotherKeyThenUnauthorized() {
        Instant now = Instant.now();
        String forged = Fixtures.credential(
                KeyPairs.ecP256().getPrivate(), Fixtures.ISSUER, Fixtures.AUDIENCE, now, now.plusSeconds(60), uuid());
        assertProblem(onboardWith(forged), 401, "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialForAnotherAudienceOrIssuerThenUnauthorized() {
        Instant now = Instant.now();
        assertProblem(
                onboardWith(Fixtures.credential(
                        Fixtures.operatorKey(), Fixtures.ISSUER, "another-service", now, now.plusSeconds(60), uuid())),
                401,
                "CREDENTIAL_INVALID");
        assertProblem(
                onboardWith(Fixtures.credential(
                        Fixtures.operatorKey(), "someone-else", Fixtures.AUDIENCE, now, now.plusSeconds(60), uuid())),
                401,
                "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialLivesLongerThanAllowedThenUnauthorized() {
        Instant now = Instant.now();
        String tooLong = Fixtures.credential(
                Fixtures.operatorKey(), Fixtures.ISSUER, Fixtures.AUDIENCE, now, now.plusSeconds(30 * 86400), uuid());
        assertProblem(onboardWith(tooLong), 401, "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialUnsignedThenUnauthorized() {
        String[] parts = Fixtures.credential().split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        assertProblem(onboardWith(none), 401, "CREDENTIAL_INVALID");
    }

    @Test
    void onboardWhenCredentialReusedAfterSuccessThenForbiddenAndNoSecondInvoker() {
        String credential = Fixtures.credential();
        assertThat(onboardWith(credential).statusCode()).isEqualTo(201);
        long before = invokers();
        assertProblem(onboardWith(credential), 403, "CREDENTIAL_ALREADY_USED");
        assertThat(invokers()).isEqualTo(before);
    }

    @Test
    void onboardWhenOneCredentialRacesInParallelThenExactlyOneInvokerIsCreated() throws Exception {
        String credential = Fixtures.credential();
        long before = invokers();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> onboardWith(credential).statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses)
                    .containsOnly(201, 403)
                    .filteredOn(s -> s == 201)
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(invokers()).isEqualTo(before + 1);
    }

    @Test
    void onboardWhenCredentialFailedOnceForBadBodyThenStillUsable() {
        String credential = Fixtures.credential();
        Map<String, Object> bad = Fixtures.enrolment("garbage");
        assertThat(new InvokerApi(base).onboard(credential, bad).statusCode()).isEqualTo(400);
        assertThat(onboardWith(credential).statusCode()).isEqualTo(201);
    }

    @Test
    void mintWhenOperatorCertificateThenCredentialOnboardsExactlyOnce() {
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops-test"));
        Response minted = Https.as(Fixtures.pki(), base, operator)
                .contentType(ContentType.JSON)
                .body(Map.of("subject", "partner-app-1", "lifetimeSeconds", 600))
                .post("/capif-admin/v1/onboarding-credentials");
        assertThat(minted.statusCode()).as(minted.asString()).isEqualTo(201);
        assertThat(minted.header("Cache-Control")).isEqualTo("no-store");
        assertThat(minted.jsonPath().getString("subject")).isEqualTo("partner-app-1");
        String credential = minted.jsonPath().getString("credential");
        Response first = onboardWith(credential);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(Fixtures.sql()
                        .rows(
                                "select subject, api_invoker_id from used_onboarding_credential where jti = ?",
                                minted.jsonPath().getString("jti"))
                        .get(0))
                .containsEntry("subject", "partner-app-1")
                .containsEntry("api_invoker_id", first.jsonPath().getString("apiInvokerId"));
        assertProblem(onboardWith(credential), 403, "CREDENTIAL_ALREADY_USED");
    }

    @Test
    void mintWhenNoClientCertificateThenUnauthorized() {
        Response r = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .body(Map.of("subject", "x"))
                .post("/capif-admin/v1/onboarding-credentials");
        assertProblem(r, 401, "CLIENT_CERTIFICATE_REQUIRED");
    }

    @Test
    void mintWhenInvokerCertificateThenForbidden() {
        Credential invoker = Fixtures.pki().client(CapifIdentity.invoker("some-invoker"));
        Response r = Https.as(Fixtures.pki(), base, invoker)
                .contentType(ContentType.JSON)
                .body(Map.of("subject", "x"))
                .post("/capif-admin/v1/onboarding-credentials");
        assertProblem(r, 403, "ROLE_NOT_ALLOWED");
    }

    @Test
    void mintWhenLifetimeBeyondMaximumThenBadRequest() {
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops-test"));
        Response r = Https.as(Fixtures.pki(), base, operator)
                .contentType(ContentType.JSON)
                .body(Map.of("subject", "x", "lifetimeSeconds", 365L * 86400))
                .post("/capif-admin/v1/onboarding-credentials");
        assertProblem(r, 400, "MANDATORY_IE_INCORRECT", "/lifetimeSeconds");
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
