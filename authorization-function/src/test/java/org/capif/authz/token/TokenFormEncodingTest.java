package org.capif.authz.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.RawHttps;
import org.junit.jupiter.api.Test;

/**
 * Form bodies that are not valid {@code application/x-www-form-urlencoded} (a malformed escape, invalid UTF-8 once
 * decoded, a control character, a repeated parameter) at the token and revocation endpoints: 400
 * {@code invalid_request} with {@code Cache-Control: no-store}, never a 500, and no token.
 */
@QuarkusTest
class TokenFormEncodingTest {

    private static final List<String> MALFORMED = List.of(
            "a=%zz",
            "%",
            "grant_type=client_credentials&scope=%E0%A4%A",
            "grant_type=client_credentials&client_id=%C3%28",
            "grant_type=client_credentials&client_id=%FF",
            "grant_type=client_credentials&client_id=%00",
            "grant_type=client_credentials&client_id=a\u00ffb",
            "grant_type=client_credentials&grant_type=client_credentials",
            "token=%zz",
            "token=abc&token=abc");

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void tokenAndRevokeWhenFormMalformedThenInvalidRequestNoStore() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        Response put = api.put(
                i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        assertThat(put.statusCode()).isEqualTo(201);
        RawHttps client = RawHttps.to(base.getPort(), CapifTestResource.pki(), i.credential());
        for (String endpoint : List.of("/token", "/revoke")) {
            for (String form : MALFORMED) {
                RawHttps.Answer a = client.send(
                        "POST",
                        "/capif-security/v1/securities/" + i.id() + endpoint,
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        form.getBytes(StandardCharsets.ISO_8859_1));
                String what = endpoint + " " + form + ": " + a;
                assertThat(a.status()).as(what).isEqualTo(400);
                assertThat(a.header("content-type")).as(what).startsWith("application/json");
                assertThat(a.header("cache-control")).as(what).isEqualTo("no-store");
                assertThat(a.text())
                        .as(what)
                        .contains("\"error\":\"invalid_request\"")
                        .doesNotContain("access_token");
            }
        }
    }

    @Test
    void tokenWhenSecurityIdIsNoIdentifierThenInvalidRequestNoStore() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        RawHttps.Answer a = RawHttps.to(base.getPort(), CapifTestResource.pki(), i.credential())
                .send(
                        "POST",
                        "/capif-security/v1/securities/a%00b/token",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        ("grant_type=client_credentials&client_id=" + i.id()).getBytes(StandardCharsets.US_ASCII));
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.text()).contains("\"error\":\"invalid_request\"");
        assertThat(a.header("cache-control")).isEqualTo("no-store");
    }
}
