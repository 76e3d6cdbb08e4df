package org.capif.invoker.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import org.capif.invoker.Fixtures;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OnboardingSmokeTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void onboardWhenCredentialAndCsrValidThenCreated() {
        Response r = Https.anonymous(Fixtures.pki(), base)
                .contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Fixtures.credential())
                .body(Fixtures.enrolment(Fixtures.csr(Fixtures.newKeys()), "api-qos"))
                .post(Fixtures.INVOKERS);
        System.out.println(r.asString());
        assertThat(r.statusCode()).isEqualTo(201);
    }
}
