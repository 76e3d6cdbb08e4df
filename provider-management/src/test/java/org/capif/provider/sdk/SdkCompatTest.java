package org.capif.provider.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.provider.Fixtures;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * The OpenCAPIF SDK compatibility login and the SDK's provider flow, replayed request by request as the SDK sends it
 * (RSA-2048 CSRs with its subjects, regSec equal to the Bearer token, AMF certificate plus Bearer on the update,
 * functions without ids, publication with its extra custom operations), with no change to what the SDK expects back.
 */
@QuarkusTest
class SdkCompatTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));

    private String user(String role, List<String> defaultApis) {
        String name = "sdk-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", "correct horse battery staple");
        body.put("role", role);
        body.put("defaultApis", defaultApis);
        Response r = Https.as(Fixtures.pki(), base, operator)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/capif-admin/v1/sdk-users/" + name);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return name;
    }

    private Response getauth(String user, String password) {
        return Https.anonymous(Fixtures.pki(), base)
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .get("/getauth");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    @Test
    void getauthWhenTheUserLogsInThenOurCredentialTheCaAndTheRelativeApiPaths() throws Exception {
        String provider = user("provider", List.of());
        Response r = getauth(provider, "correct horse battery staple");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.jsonPath().getString("ccf_api_onboarding_url"))
                .isEqualTo("api-provider-management/v1/registrations");
        assertThat(r.jsonPath().getString("ccf_publish_url")).isEqualTo("published-apis/v1/<apfId>/service-apis");
        assertThat(r.jsonPath().getString("ccf_onboarding_url"))
                .isEqualTo("api-invoker-management/v1/onboardedInvokers");
        assertThat(r.jsonPath().getString("ccf_discover_url"))
                .isEqualTo("service-apis/v1/allServiceAPIs?api-invoker-id=");
        assertThat(Pem.certificates(r.jsonPath().getString("ca_root")))
                .contains(Fixtures.pki().caCertificate());
        String token = r.jsonPath().getString("access_token");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"aud\":\"capif-provider-management\"").contains("\"sub\":\"" + provider + "\"");

        String invoker = user("invoker", List.of("*"));
        String invokerToken =
                getauth(invoker, "correct horse battery staple").jsonPath().getString("access_token");
        String invokerClaims =
                new String(Base64.getUrlDecoder().decode(invokerToken.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(invokerClaims)
                .contains("\"aud\":\"capif-invoker-management\"")
                .contains("\"capif_default_apis\":[\"*\"]");
    }

    @Test
    void getauthWhenThePasswordIsWrongRepeatedlyThenTheUserIsLockedAndNothingSaysWhy() {
        String name = user("provider", List.of());
        for (int i = 0; i < 3; i++) {
            Response r = assertProblem(getauth(name, "wrong password here"), 401, "CREDENTIAL_INVALID");
            assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
        }
        assertProblem(getauth(name, "correct horse battery staple"), 401, "CREDENTIAL_INVALID");
        assertThat(Fixtures.sql()
                        .rows("select locked_until from sdk_user where username = ?", name)
                        .get(0)
                        .get("locked_until"))
                .isNotNull();
        assertProblem(
                getauth("nobody-" + UUID.randomUUID().toString().substring(0, 6), "x"), 401, "CREDENTIAL_INVALID");
        Response none = Https.anonymous(Fixtures.pki(), base).get("/getauth");
        assertProblem(none, 401, "CREDENTIAL_MISSING");
        Response garbage = Https.anonymous(Fixtures.pki(), base)
                .header("Authorization", "Basic %%%")
                .get("/getauth");
        assertProblem(garbage, 401, "CREDENTIAL_INVALID");
    }

    @Test
    void sdkUsersWhenNotTheOperatorOrAWeakPasswordThenRefusedAndNoHashIsEverAnswered() {
        Credential amf = Fixtures.pki().client(new CapifIdentity(CapifRole.AMF, "amf-x"));
        Response notOperator = Https.as(Fixtures.pki(), base, amf)
                .contentType(ContentType.JSON)
                .body(Map.of("password", "correct horse battery staple", "role", "invoker"))
                .put("/capif-admin/v1/sdk-users/someone");
        assertProblem(notOperator, 403, "ROLE_NOT_ALLOWED");
        Response weak = Https.as(Fixtures.pki(), base, operator)
                .contentType(ContentType.JSON)
                .body(Map.of("password", "short", "role", "invoker"))
                .put("/capif-admin/v1/sdk-users/someone");
        assertProblem(weak, 400, "MANDATORY_IE_INCORRECT", "/password");
        user("invoker", List.of("monitoring-event@aef-demo"));
        Response list = Https.as(Fixtures.pki(), base, operator).get("/capif-admin/v1/sdk-users");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.asString()).doesNotContain("argon2").doesNotContain("correct horse");
    }

    @Test
    @SuppressWarnings("unchecked")
    void providerFlowWhenReplayedAsTheSdkSendsItThenEveryStepAnswersWhatTheSdkReads() throws Exception {
        String token = getauth(user("provider", List.of()), "correct horse battery staple")
                .jsonPath()
                .getString("access_token");
        List<String> roles = List.of("AMF", "AEF", "APF");
        List<String> names = List.of("amf", "aef-1", "apf-1");
        List<KeyPair> keys = new ArrayList<>();
        List<Map<String, Object>> funcs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(rsa());
            funcs.add(Map.of(
                    "regInfo", Map.of("apiProvPubKey", Fixtures.csr(keys.get(i), "SHA256withRSA", names.get(i))),
                    "apiProvFuncRole", roles.get(i),
                    "apiProvFuncInfo", names.get(i).replaceAll("-\\d", "")));
        }
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("apiProvFuncs", funcs);
        registration.put("apiProvDomInfo", "This is provider");
        registration.put("suppFeat", "0");
        registration.put("failReason", "string");
        registration.put("regSec", token);

        Response registered = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + token)
                .body(registration)
                .post(Fixtures.REGISTRATIONS);

        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
        String domainId = registered.jsonPath().getString("apiProvDomId");
        assertThat(registered.jsonPath().getList("apiProvFuncs.apiProvFuncRole"))
                .containsExactly("AMF", "AEF", "APF");
        List<Credential> creds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            creds.add(new Credential(
                    keys.get(i),
                    Pem.certificates(registered.jsonPath().getString("apiProvFuncs[" + i + "].regInfo.apiProvCert"))
                            .get(0)));
        }
        String aefId = registered.jsonPath().getString("apiProvFuncs[1].apiProvFuncId");
        String apfId = registered.jsonPath().getString("apiProvFuncs[2].apiProvFuncId");

        Map<String, Object> api = Fixtures.serviceApi(Fixtures.uniqueName("sdk-api"), aefId);
        Map<String, Object> profile = ((List<Map<String, Object>>) api.get("aefProfiles")).get(0);
        Map<String, Object> version = new LinkedHashMap<>(((List<Map<String, Object>>) profile.get("versions")).get(0));
        version.put(
                "custOperations",
                List.of(
                        Map.of(
                                "commType",
                                "REQUEST_RESPONSE",
                                "custOpName",
                                "check-authentication",
                                "operations",
                                List.of("POST"),
                                "description",
                                "Check authentication request."),
                        Map.of(
                                "commType",
                                "REQUEST_RESPONSE",
                                "custOpName",
                                "revoke-authentication",
                                "operations",
                                List.of("POST"),
                                "description",
                                "Revoke authorization for service APIs.")));
        profile.put("versions", List.of(version));
        String publishPath = "/published-apis/v1/" + apfId + "/service-apis";
        Response published = Https.as(Fixtures.pki(), base, creds.get(2))
                .contentType(ContentType.JSON)
                .body(api)
                .post(publishPath);
        assertThat(published.statusCode()).as(published.asString()).isEqualTo(201);
        String apiId = published.jsonPath().getString("apiId");
        assertThat(published.jsonPath().getString("apiName")).isEqualTo(api.get("apiName"));
        Response updated = Https.as(Fixtures.pki(), base, creds.get(2))
                .contentType(ContentType.JSON)
                .body(api)
                .put(publishPath + "/" + apiId);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.jsonPath().getString("apiId")).isEqualTo(apiId);

        List<Map<String, Object>> again = new ArrayList<>();
        again.add(funcs.get(0)); // the AMF re-sends its CSR, without its id
        KeyPair newAef = rsa();
        KeyPair newApf = rsa();
        again.add(Map.of(
                "regInfo",
                Map.of("apiProvPubKey", Fixtures.csr(newAef, "SHA256withRSA", "aef-1")),
                "apiProvFuncRole",
                "AEF",
                "apiProvFuncInfo",
                "aef"));
        again.add(Map.of(
                "regInfo",
                Map.of("apiProvPubKey", Fixtures.csr(newApf, "SHA256withRSA", "apf-1")),
                "apiProvFuncRole",
                "APF",
                "apiProvFuncInfo",
                "apf"));
        registration.put("apiProvFuncs", again);
        String newToken = getauth(user("provider", List.of()), "correct horse battery staple")
                .jsonPath()
                .getString("access_token");
        registration.put("regSec", newToken);
        Response put = Https.as(Fixtures.pki(), base, creds.get(0))
                .contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + newToken)
                .body(registration)
                .put(Fixtures.REGISTRATIONS + "/" + domainId);
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
        assertThat(put.jsonPath().getString("apiProvDomId")).isEqualTo(domainId);
        assertThat(put.jsonPath().getString("apiProvFuncs[0].apiProvFuncId"))
                .isEqualTo(registered.jsonPath().getString("apiProvFuncs[0].apiProvFuncId"));
        for (int i = 0; i < 3; i++) {
            assertThat(put.jsonPath().getString("apiProvFuncs[" + i + "].regInfo.apiProvCert"))
                    .startsWith("-----BEGIN CERTIFICATE-----");
        }

        Response deleted = Https.as(Fixtures.pki(), base, creds.get(0)).delete(Fixtures.REGISTRATIONS + "/" + domainId);
        assertThat(deleted.statusCode()).isEqualTo(204);
    }
}
