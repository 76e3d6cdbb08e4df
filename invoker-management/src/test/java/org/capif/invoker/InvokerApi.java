package org.capif.invoker;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.Map;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;

/**
 * A test client of the invoker management API. Every answer it returns has been validated against the official
 * TS 29.222 OpenAPI file (status declared for the operation, headers and body matching the schema).
 */
public final class InvokerApi {

    private final URL base;
    private final OpenApiContract contract = OpenApiContract.of(Fixtures.SPEC, Fixtures.BASE);

    public InvokerApi(URL base) {
        this.base = base;
    }

    /** POST /onboardedInvokers with the given credential (null for none). */
    public Response onboard(String credential, Object body) {
        RequestSpecification spec = Https.anonymous(Fixtures.pki(), base).contentType(ContentType.JSON);
        if (credential != null) {
            spec.header("Authorization", "Bearer " + credential);
        }
        return contract.check("POST", Fixtures.INVOKERS, spec.body(body).post(Fixtures.INVOKERS));
    }

    /** Onboards with a fresh credential and returns the 201 answer (fails the test otherwise). */
    public Onboarded onboardOk(java.security.KeyPair keys, String... apiIds) {
        Response r = onboard(Fixtures.credential(), Fixtures.enrolment(Fixtures.csr(keys), apiIds));
        if (r.statusCode() != 201) {
            throw new AssertionError("onboarding failed: " + r.statusCode() + " " + r.asString());
        }
        String id = r.jsonPath().getString("apiInvokerId");
        String bundle = r.jsonPath().getString("onboardingInformation.apiInvokerCertificate");
        return new Onboarded(id, keys, org.capif.common.cert.Pem.certificate(bundle), r);
    }

    public Response put(Credential client, String id, Object body) {
        String path = Fixtures.INVOKERS + "/" + id;
        return contract.check(
                "PUT",
                path,
                spec(client).contentType(ContentType.JSON).body(body).put(path));
    }

    public Response patch(Credential client, String id, Object body) {
        String path = Fixtures.INVOKERS + "/" + id;
        return contract.check(
                "PATCH",
                path,
                spec(client)
                        .contentType("application/merge-patch+json")
                        .body(body)
                        .patch(path));
    }

    public Response delete(Credential client, String id) {
        String path = Fixtures.INVOKERS + "/" + id;
        return contract.check("DELETE", path, spec(client).delete(path));
    }

    private RequestSpecification spec(Credential client) {
        return client == null ? Https.anonymous(Fixtures.pki(), base) : Https.as(Fixtures.pki(), base, client);
    }

    /** A successfully onboarded invoker and what it received. */
    public record Onboarded(
            String id, java.security.KeyPair keys, java.security.cert.X509Certificate certificate, Response response) {

        /** The invoker's own client credential (its key and the certificate CAPIF issued). */
        public Credential credential() {
            return new Credential(keys, certificate);
        }

        public Map<String, Object> body() {
            return response.jsonPath().getMap("$");
        }
    }
}
