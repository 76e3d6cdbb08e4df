package org.capif.invoker.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.KeyPairs;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed onboarding requests: each gets a 4xx ProblemDetails naming what is wrong, and none changes the database
 * (no invoker, no outbox row, the credential stays unspent).
 */
@QuarkusTest
class OnboardingValidationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private long invokersBefore;
    private long outboxBefore;
    private long spentBefore;

    @BeforeEach
    void countRows() {
        invokersBefore = Fixtures.sql().count("select count(*) from api_invoker");
        outboxBefore = Fixtures.sql().count("select count(*) from outbox");
        spentBefore = Fixtures.sql().count("select count(*) from used_onboarding_credential");
    }

    @AfterEach
    void databaseUntouched() {
        assertThat(Fixtures.sql().count("select count(*) from api_invoker")).isEqualTo(invokersBefore);
        assertThat(Fixtures.sql().count("select count(*) from outbox")).isEqualTo(outboxBefore);
        assertThat(Fixtures.sql().count("select count(*) from used_onboarding_credential"))
                .isEqualTo(spentBefore);
    }

    private Response postRaw(String contentType, String body) {
        Response r = Https.anonymous(Fixtures.pki(), base)
                .header("Authorization", "Bearer " + Fixtures.credential())
                .contentType(contentType)
                .body(body)
                .post(Fixtures.INVOKERS);
        return OpenApiContract.of(Fixtures.SPEC, Fixtures.BASE).check("POST", Fixtures.INVOKERS, r);
    }

    private Response post(Object body) {
        return new InvokerApi(base).onboard(Fixtures.credential(), body);
    }

    private Map<String, Object> valid() {
        return Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256()), "api-qos");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{not json", "[1, 2]", "{\"notificationDestination\": \"https://x.example\"} trailing", "\"a\""})
    void onboardWhenBodyIsNotAnEnrolmentObjectThenBadRequest(String body) {
        assertProblem(postRaw("application/json", body), 400, "INVALID_JSON");
    }

    @Test
    void onboardWhenBodyEmptyThenMandatoryMissing() {
        assertProblem(postRaw("application/json", ""), 400, "MANDATORY_IE_MISSING", "/");
    }

    @Test
    void onboardWhenNotificationDestinationMissingThenMandatoryMissingNamesIt() {
        Map<String, Object> body = valid();
        body.remove("notificationDestination");
        assertProblem(post(body), 400, "MANDATORY_IE_MISSING", "/notificationDestination");
    }

    @Test
    void onboardWhenOnboardingInformationMissingThenMandatoryMissingNamesIt() {
        Map<String, Object> body = valid();
        body.remove("onboardingInformation");
        assertProblem(post(body), 400, "MANDATORY_IE_MISSING", "/onboardingInformation");
    }

    @Test
    void onboardWhenPublicKeyMissingThenMandatoryMissingNamesIt() {
        Map<String, Object> body = valid();
        body.put("onboardingInformation", Map.of());
        assertProblem(post(body), 400, "MANDATORY_IE_MISSING", "/onboardingInformation/apiInvokerPublicKey");
    }

    @Test
    void onboardWhenEveryMandatoryFieldMissingThenAllAreListed() {
        Response r = assertProblem(post(Map.of("apiInvokerInformation", "x")), 400, "MANDATORY_IE_MISSING");
        assertThat(r.jsonPath().getList("invalidParams.param", String.class))
                .contains("/onboardingInformation", "/notificationDestination");
    }

    @Test
    void onboardWhenNotificationDestinationIsANumberThenTypeErrorNamesIt() {
        Map<String, Object> body = valid();
        body.put("notificationDestination", 123);
        assertProblem(post(body), 400, "INVALID_JSON", "/notificationDestination");
    }

    @Test
    void onboardWhenOnboardingInformationIsAStringThenTypeErrorNamesIt() {
        Map<String, Object> body = valid();
        body.put("onboardingInformation", "a string");
        assertProblem(post(body), 400, "INVALID_JSON", "/onboardingInformation");
    }

    @Test
    void onboardWhenBooleanIsAStringThenTypeErrorNamesIt() {
        Map<String, Object> body = valid();
        body.put("requestTestNotification", "yes");
        assertProblem(post(body), 400, "INVALID_JSON", "/requestTestNotification");
    }

    @Test
    void onboardWhenNotificationDestinationIsNotAnHttpUriThenIncorrect() {
        Map<String, Object> body = valid();
        body.put("notificationDestination", "ftp://files.example.com/x");
        assertProblem(post(body), 400, "MANDATORY_IE_INCORRECT", "/notificationDestination");
    }

    @Test
    void onboardWhenApiInvokerIdSentThenRefusedAsReadOnly() {
        Map<String, Object> body = valid();
        body.put("apiInvokerId", "chosen-by-me");
        assertProblem(post(body), 400, "MANDATORY_IE_INCORRECT", "/apiInvokerId");
    }

    @Test
    void onboardWhenApiListEmptyThenIncorrect() {
        Map<String, Object> body = valid();
        body.put("apiList", Map.of("serviceAPIDescriptions", List.of()));
        assertProblem(post(body), 400, "MANDATORY_IE_INCORRECT", "/apiList/serviceAPIDescriptions");
    }

    @Test
    void onboardWhenSupportedFeaturesNotHexThenIncorrect() {
        Map<String, Object> body = valid();
        body.put("supportedFeatures", "xyz");
        assertProblem(post(body), 400, "MANDATORY_IE_INCORRECT", "/supportedFeatures");
    }

    @Test
    void onboardWhenApiNotInCatalogueThenUnknownServiceApiNamesTheEntry() {
        Map<String, Object> body = valid();
        body.put(
                "apiList",
                Map.of(
                        "serviceAPIDescriptions",
                        List.of(
                                Map.of("apiName", "as-session-with-qos", "apiId", "api-qos"),
                                Map.of("apiName", "no-such-api", "apiId", "api-nothing"))));
        assertProblem(post(body), 400, "UNKNOWN_SERVICE_API", "/apiList/serviceAPIDescriptions/1");
    }

    @Test
    void onboardWhenContentTypeNotJsonThenUnsupportedMediaType() {
        assertProblem(postRaw("text/plain", "hello"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void onboardWhenBodyExceedsLimitThenPayloadTooLarge() {
        Map<String, Object> body = valid();
        body.put("apiInvokerInformation", "x".repeat(70 * 1024));
        assertProblem(post(body), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void onboardWhenInformationTooLongThenIncorrect() {
        Map<String, Object> body = valid();
        body.put("apiInvokerInformation", "x".repeat(1025));
        assertProblem(post(body), 400, "MANDATORY_IE_INCORRECT", "/apiInvokerInformation");
    }
}
