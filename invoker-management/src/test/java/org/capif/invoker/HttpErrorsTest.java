package org.capif.invoker;

import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/** Answers that never reach an operation are ProblemDetails too: unknown URIs, methods and media types. */
@QuarkusTest
class HttpErrorsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void requestWhenUriMatchesNothingThenNotFoundProblem() {
        assertProblem(Https.anonymous(Fixtures.pki(), base).get("/no/such/resource"), 404, "RESOURCE_NOT_FOUND");
    }

    @Test
    void requestWhenMethodNotSupportedThenMethodNotAllowedProblem() {
        assertProblem(Https.anonymous(Fixtures.pki(), base).get(Fixtures.INVOKERS), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void requestWhenOnlyXmlAcceptableThenNotAcceptableProblem() {
        assertProblem(
                Https.anonymous(Fixtures.pki(), base)
                        .header("Authorization", "Bearer " + Fixtures.credential())
                        .accept("application/xml")
                        .contentType(ContentType.JSON)
                        .body(Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256())))
                        .post(Fixtures.INVOKERS),
                406,
                "NOT_ACCEPTABLE");
    }
}
