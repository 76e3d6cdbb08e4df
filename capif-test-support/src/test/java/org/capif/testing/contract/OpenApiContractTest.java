package org.capif.testing.contract;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract checker must fail on answers that break the official YAML, or the contract tests prove nothing. */
class OpenApiContractTest {

    private static final String PATH = "/api-invoker-management/v1/onboardedInvokers";
    private final OpenApiContract contract =
            OpenApiContract.of("TS29222_CAPIF_API_Invoker_Management_API.yaml", "/api-invoker-management/v1");

    private static final String VALID =
            """
            {"apiInvokerId":"a","notificationDestination":"https://x.example",
             "onboardingInformation":{"apiInvokerPublicKey":"k","apiInvokerCertificate":"c"}}""";

    @Test
    void checkWhenCreatedAnswerMatchesSchemaThenPasses() {
        assertThatCode(() -> contract.check(
                        "POST",
                        PATH,
                        201,
                        Map.of("Content-Type", "application/json", "Location", "https://x/1"),
                        VALID))
                .doesNotThrowAnyException();
    }

    @Test
    void checkWhenMandatoryFieldMissingThenFails() {
        String body = "{\"apiInvokerId\":\"a\",\"onboardingInformation\":{\"apiInvokerPublicKey\":\"k\"}}";
        assertThatThrownBy(() -> contract.check(
                        "POST", PATH, 201, Map.of("Content-Type", "application/json", "Location", "https://x/1"), body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("notificationDestination");
    }

    @Test
    void checkWhenLocationHeaderMissingThenFails() {
        assertThatThrownBy(() -> contract.check("POST", PATH, 201, Map.of("Content-Type", "application/json"), VALID))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Location");
    }

    @Test
    void checkWhenStatusNotDeclaredForOperationThenFails() {
        assertThatThrownBy(() -> contract.check(
                        "POST", PATH, 409, Map.of("Content-Type", "application/problem+json"), "{\"status\":409}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void checkWhenProblemFieldHasWrongTypeThenFails() {
        assertThatThrownBy(() -> contract.check(
                        "POST", PATH, 400, Map.of("Content-Type", "application/problem+json"), "{\"status\":\"400\"}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void checkWhenExtensibleEnumHoldsAStringThenPasses() {
        OpenApiContract security = OpenApiContract.of("TS29222_CAPIF_Security_API.yaml", "/capif-security/v1");
        String body = "{\"notificationDestination\":\"https://x.example\",\"securityInfo\":[{\"aefId\":\"a\","
                + "\"prefSecurityMethods\":[\"OAUTH\",\"FUTURE\"],\"selSecurityMethod\":\"OAUTH\"}]}";
        assertThatCode(() -> security.check(
                        "GET",
                        "/capif-security/v1/trustedInvokers/x",
                        200,
                        Map.of("Content-Type", "application/json"),
                        body))
                .doesNotThrowAnyException();
    }

    @Test
    void checkWhenExtensibleEnumHoldsANumberThenFails() {
        OpenApiContract security = OpenApiContract.of("TS29222_CAPIF_Security_API.yaml", "/capif-security/v1");
        String body = "{\"notificationDestination\":\"https://x.example\",\"securityInfo\":[{\"aefId\":\"a\","
                + "\"prefSecurityMethods\":[3],\"selSecurityMethod\":\"OAUTH\"}]}";
        assertThatThrownBy(() -> security.check(
                        "GET",
                        "/capif-security/v1/trustedInvokers/x",
                        200,
                        Map.of("Content-Type", "application/json"),
                        body))
                .isInstanceOf(AssertionError.class);
    }
}
