package org.capif.provider.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.capif.common.cert.KeyPairs;
import org.capif.provider.Fixtures;
import org.capif.provider.ProviderApi;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/**
 * Every way of sending a bad registration is a 4xx ProblemDetails with a stable cause, and registers nothing (no domain
 * row, the credential stays unspent unless the registration succeeded).
 */
@QuarkusTest
class RegistrationValidationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private long domains() {
        return Fixtures.sql().count("select count(*) from provider_domain");
    }

    private Response registerAltered(Consumer<Map<String, Object>> change) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.registration(
                Fixtures.credential(), List.of(Fixtures.function("AMF"), Fixtures.function("AEF"))));
        change.accept(body);
        return new ProviderApi(base).register(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> function(Map<String, Object> body, int i) {
        List<Map<String, Object>> funcs = new ArrayList<>((List<Map<String, Object>>) body.get("apiProvFuncs"));
        Map<String, Object> f = new LinkedHashMap<>(funcs.get(i));
        funcs.set(i, f);
        body.put("apiProvFuncs", funcs);
        return f;
    }

    @Test
    void registerWhenNoCredentialThenUnauthorizedWithBearerChallengeAndNothingStored() {
        long before = domains();
        Response r = assertProblem(registerAltered(b -> b.remove("regSec")), 401, "CREDENTIAL_MISSING");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(domains()).isEqualTo(before);
    }

    @Test
    void registerWhenCredentialForgedExpiredOrForInvokerOnboardingThenUnauthorized() throws Exception {
        long before = domains();
        Instant now = Instant.now();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String forged = Fixtures.credential(
                g.generateKeyPair().getPrivate(), Fixtures.ISSUER, Fixtures.AUDIENCE, now, now.plusSeconds(60), "j1");
        String expired = Fixtures.credential(
                Fixtures.operatorKey(),
                Fixtures.ISSUER,
                Fixtures.AUDIENCE,
                now.minusSeconds(600),
                now.minusSeconds(120),
                "j2");
        String onboarding = Fixtures.credential(
                Fixtures.operatorKey(), Fixtures.ISSUER, "capif-invoker-management", now, now.plusSeconds(60), "j3");
        for (String credential : List.of(forged, expired, onboarding, "not-a-jwt")) {
            assertProblem(registerAltered(b -> b.put("regSec", credential)), 401, "CREDENTIAL_INVALID");
        }
        assertThat(domains()).isEqualTo(before);
    }

    @Test
    void registerWhenHeaderAndRegSecCarryDifferentCredentialsThenUnauthorized() {
        Response r = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Fixtures.credential())
                .body(Fixtures.registration(Fixtures.credential(), List.of(Fixtures.function("AMF"))))
                .post(Fixtures.REGISTRATIONS);
        assertProblem(r, 401, "CREDENTIAL_INVALID");
    }

    @Test
    void registerWhenCredentialUsedTwiceThenForbiddenAndOnlyOneDomain() {
        String credential = Fixtures.credential();
        ProviderApi api = new ProviderApi(base);
        assertThat(api.register(Fixtures.registration(credential, List.of(Fixtures.function("AMF"))))
                        .statusCode())
                .isEqualTo(201);
        long before = domains();
        assertProblem(
                api.register(Fixtures.registration(credential, List.of(Fixtures.function("AMF")))),
                403,
                "CREDENTIAL_ALREADY_USED");
        assertThat(domains()).isEqualTo(before);
    }

    @Test
    void registerWhenMandatoryFieldsMissingThenBadRequestNamingEach() {
        assertProblem(registerAltered(b -> b.remove("apiProvFuncs")), 400, "MANDATORY_IE_MISSING", "/apiProvFuncs");
        assertProblem(
                registerAltered(b -> function(b, 1).remove("apiProvFuncRole")),
                400,
                "MANDATORY_IE_MISSING",
                "/apiProvFuncs/1/apiProvFuncRole");
        assertProblem(
                registerAltered(b -> function(b, 0).put("regInfo", Map.of())),
                400,
                "MANDATORY_IE_MISSING",
                "/apiProvFuncs/0/regInfo/apiProvPubKey");
    }

    @Test
    void registerWhenIdsSentOrRoleUnknownOrNoAmfThenBadRequest() {
        assertProblem(
                registerAltered(b -> b.put("apiProvDomId", "mine")), 400, "MANDATORY_IE_INCORRECT", "/apiProvDomId");
        assertProblem(
                registerAltered(b -> function(b, 0).put("apiProvFuncId", "amf-mine")),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiProvFuncs/0/apiProvFuncId");
        assertProblem(
                registerAltered(b -> function(b, 1).put("apiProvFuncRole", "CCF")),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiProvFuncs/1/apiProvFuncRole");
        assertProblem(
                registerAltered(b -> function(b, 0).put("apiProvFuncRole", "APF")),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiProvFuncs");
        assertProblem(registerAltered(b -> b.put("suppFeat", "xyz")), 400, "MANDATORY_IE_INCORRECT", "/suppFeat");
    }

    @Test
    void registerWhenWrongTypesOrNotJsonThenBadRequest() {
        assertProblem(registerAltered(b -> b.put("apiProvFuncs", "AMF")), 400, "INVALID_JSON");
        assertProblem(registerAltered(b -> function(b, 0).put("apiProvFuncRole", 7)), 400, "INVALID_JSON");
        Response notJson = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .body("{\"regSec\": ")
                .post(Fixtures.REGISTRATIONS);
        assertProblem(notJson, 400, "INVALID_JSON");
    }

    @Test
    void registerWhenCsrMalformedOrKeyWeakOrSha1ThenBadRequestNamingTheFunction() throws Exception {
        assertProblem(
                registerAltered(
                        b -> function(b, 1)
                                .put(
                                        "regInfo",
                                        Map.of(
                                                "apiProvPubKey",
                                                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----"))),
                400,
                "INVALID_CSR",
                "/apiProvFuncs/1/regInfo/apiProvPubKey");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String weak = Fixtures.csr(rsa.generateKeyPair(), "SHA256withRSA", "weak");
        assertProblem(
                registerAltered(b -> function(b, 1).put("regInfo", Map.of("apiProvPubKey", weak))),
                400,
                "WEAK_KEY",
                "/apiProvFuncs/1/regInfo/apiProvPubKey");
        String sha1 = Fixtures.csr(KeyPairs.ecP256(), "SHA1withECDSA", "old");
        assertProblem(
                registerAltered(b -> function(b, 0).put("regInfo", Map.of("apiProvPubKey", sha1))),
                400,
                "INVALID_CSR",
                "/apiProvFuncs/0/regInfo/apiProvPubKey");
    }

    @Test
    void registerWhenTwoFunctionsShareAKeyOrTheKeyIsAnotherDomainsThenForbidden() {
        var keys = KeyPairs.ecP256();
        String csr = Fixtures.csr(keys);
        assertProblem(
                registerAltered(b -> {
                    function(b, 0).put("regInfo", Map.of("apiProvPubKey", csr));
                    function(b, 1).put("regInfo", Map.of("apiProvPubKey", csr));
                }),
                403,
                "DUPLICATE_PUBLIC_KEY");
        ProviderApi.Registered other = new ProviderApi(base).registerOk();
        String taken = Fixtures.csr(other.functions().get(0).keys());
        long before = domains();
        assertProblem(
                registerAltered(b -> function(b, 0).put("regInfo", Map.of("apiProvPubKey", taken))),
                403,
                "DUPLICATE_PUBLIC_KEY");
        assertThat(domains()).isEqualTo(before);
    }

    @Test
    void registerWhenWrongContentTypeOrOversizedThenProblem() {
        Response text = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.TEXT)
                .body("hello")
                .post(Fixtures.REGISTRATIONS);
        assertProblem(text, 415, "UNSUPPORTED_MEDIA_TYPE");
        Map<String, Object> huge = Fixtures.registration(Fixtures.credential(), List.of(Fixtures.function("AMF")));
        huge.put("apiProvDomInfo", "x".repeat(300 * 1024));
        Response big = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .body(huge)
                .post(Fixtures.REGISTRATIONS);
        assertProblem(big, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void registerWhenTooManyFunctionsOrInformationTooLongThenBadRequest() {
        List<Fixtures.Function> many = new ArrayList<>();
        many.add(Fixtures.function("AMF"));
        for (int i = 0; i < RegistrationValidator.MAX_FUNCTIONS; i++) {
            many.add(Fixtures.function("AEF"));
        }
        Response r = new ProviderApi(base).register(Fixtures.registration(Fixtures.credential(), many));
        assertProblem(r, 400, "MANDATORY_IE_INCORRECT", "/apiProvFuncs");
        assertProblem(
                registerAltered(b -> b.put("apiProvDomInfo", "i".repeat(2000))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiProvDomInfo");
    }

    @Test
    void registerWhenRegSecIsARandomStringThenUnauthorizedAndCredentialLedgerUnchanged() {
        long spent = Fixtures.sql().count("select count(*) from used_registration_credential");
        assertProblem(registerAltered(b -> b.put("regSec", UUID.randomUUID().toString())), 401, "CREDENTIAL_INVALID");
        assertThat(Fixtures.sql().count("select count(*) from used_registration_credential"))
                .isEqualTo(spent);
    }
}
