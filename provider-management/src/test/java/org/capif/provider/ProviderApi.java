package org.capif.provider;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.Pem;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;

/**
 * A test client of the provider management service: API provider management and publish service APIs. Every answer it
 * returns has been validated against the official TS 29.222 OpenAPI files (status declared for the operation, headers
 * and body matching the schema).
 */
public final class ProviderApi {

    private final URL base;
    private final OpenApiContract providers = OpenApiContract.of(Fixtures.PROVIDER_SPEC, "/api-provider-management/v1");
    private final OpenApiContract publish = OpenApiContract.of(Fixtures.PUBLISH_SPEC, "/published-apis/v1");

    public ProviderApi(URL base) {
        this.base = base;
    }

    /** POST /registrations, server-authenticated TLS only (the credential is in the body's regSec). */
    public Response register(Object body) {
        return providers.check(
                "POST",
                Fixtures.REGISTRATIONS,
                Https.anonymous(Fixtures.pki(), base)
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post(Fixtures.REGISTRATIONS));
    }

    /** Registers a domain with one AMF, one APF and one AEF (in this order) and returns it (fails the test otherwise). */
    public Registered registerOk() {
        return registerOk(List.of(Fixtures.function("AMF"), Fixtures.function("APF"), Fixtures.function("AEF")));
    }

    public Registered registerOk(List<Fixtures.Function> functions) {
        Response r = register(Fixtures.registration(Fixtures.credential(), functions));
        if (r.statusCode() != 201) {
            throw new AssertionError("registration failed: " + r.statusCode() + " " + r.asString());
        }
        return new Registered(r.jsonPath().getString("apiProvDomId"), functions, r);
    }

    public Response put(Credential client, String id, Object body) {
        String path = Fixtures.REGISTRATIONS + "/" + id;
        return providers.check(
                "PUT",
                path,
                spec(client).contentType(ContentType.JSON).body(body).put(path));
    }

    public Response patch(Credential client, String id, Object body) {
        String path = Fixtures.REGISTRATIONS + "/" + id;
        return providers.check(
                "PATCH",
                path,
                spec(client)
                        .contentType("application/merge-patch+json")
                        .body(body)
                        .patch(path));
    }

    public Response deregister(Credential client, String id) {
        String path = Fixtures.REGISTRATIONS + "/" + id;
        return providers.check("DELETE", path, spec(client).delete(path));
    }

    public Response publish(Credential apf, String apfId, Object body) {
        String path = "/published-apis/v1/" + apfId + "/service-apis";
        return publish.check(
                "POST", path, spec(apf).contentType(ContentType.JSON).body(body).post(path));
    }

    public Response list(Credential apf, String apfId) {
        String path = "/published-apis/v1/" + apfId + "/service-apis";
        return publish.check("GET", path, spec(apf).get(path));
    }

    public Response get(Credential apf, String apfId, String apiId) {
        String path = "/published-apis/v1/" + apfId + "/service-apis/" + apiId;
        return publish.check("GET", path, spec(apf).get(path));
    }

    public Response update(Credential apf, String apfId, String apiId, Object body) {
        String path = "/published-apis/v1/" + apfId + "/service-apis/" + apiId;
        return publish.check(
                "PUT", path, spec(apf).contentType(ContentType.JSON).body(body).put(path));
    }

    public Response modify(Credential apf, String apfId, String apiId, Object body) {
        String path = "/published-apis/v1/" + apfId + "/service-apis/" + apiId;
        return publish.check(
                "PATCH",
                path,
                spec(apf).contentType("application/merge-patch+json").body(body).patch(path));
    }

    public Response unpublish(Credential apf, String apfId, String apiId) {
        String path = "/published-apis/v1/" + apfId + "/service-apis/" + apiId;
        return publish.check("DELETE", path, spec(apf).delete(path));
    }

    private RequestSpecification spec(Credential client) {
        return client == null ? Https.anonymous(Fixtures.pki(), base) : Https.as(Fixtures.pki(), base, client);
    }

    /** A registered domain, the functions it was registered with (in order) and the answer. */
    public record Registered(String id, List<Fixtures.Function> functions, Response response) {

        /** The id CAPIF assigned to the i-th function. */
        public String functionId(int i) {
            return response.jsonPath().getString("apiProvFuncs[" + i + "].apiProvFuncId");
        }

        /** The i-th function's credential: its key and the certificate CAPIF issued (first of the bundle). */
        public Credential credential(int i) {
            String bundle = response.jsonPath().getString("apiProvFuncs[" + i + "].regInfo.apiProvCert");
            return new Credential(
                    functions.get(i).keys(), Pem.certificates(bundle).get(0));
        }

        public Map<String, Object> body() {
            return response.jsonPath().getMap("$");
        }

        /** The registration as answered, turned back into an update request (functions keep their ids). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> asUpdate() {
            Map<String, Object> update = new java.util.LinkedHashMap<>(body());
            List<Map<String, Object>> funcs = new java.util.ArrayList<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) update.get("apiProvFuncs")) {
                funcs.add(new java.util.LinkedHashMap<>(f));
            }
            update.put("apiProvFuncs", funcs);
            return update;
        }
    }
}
