package org.capif.authz;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.testing.CapifTestResource;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;

/**
 * A test client of the CAPIF_Security_API. Every answer it returns has been validated against the official
 * TS 29.222 OpenAPI file.
 */
public final class SecurityApi {

    public static final String BASE = "/capif-security/v1";
    public static final String SPEC = "TS29222_CAPIF_Security_API.yaml";

    private final URL base;
    private final OpenApiContract contract = OpenApiContract.of(SPEC, BASE);

    public SecurityApi(URL base) {
        this.base = base;
    }

    /** A ServiceSecurity body: entries of (aefId, apiId or null, preferred methods...). */
    public static Map<String, Object> serviceSecurity(Object[]... entries) {
        List<Map<String, Object>> info = new ArrayList<>();
        for (Object[] e : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("aefId", e[0]);
            if (e[1] != null) {
                item.put("apiId", e[1]);
            }
            List<Object> methods = new ArrayList<>();
            for (int i = 2; i < e.length; i++) {
                methods.add(e[i]);
            }
            item.put("prefSecurityMethods", methods);
            info.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("securityInfo", info);
        body.put("notificationDestination", "https://invoker.example.com/security");
        return body;
    }

    public static Object[] entry(String aefId, String apiId, String... methods) {
        Object[] e = new Object[2 + methods.length];
        e[0] = aefId;
        e[1] = apiId;
        System.arraycopy(methods, 0, e, 2, methods.length);
        return e;
    }

    public Response put(Credential client, String id, Object body) {
        String path = BASE + "/trustedInvokers/" + id;
        return contract.check(
                "PUT",
                path,
                spec(client).contentType(ContentType.JSON).body(body).put(path));
    }

    public Response get(Credential client, String id, boolean authn, boolean authz) {
        String path = BASE + "/trustedInvokers/" + id;
        return contract.check(
                "GET",
                path,
                spec(client)
                        .queryParam("authenticationInfo", authn)
                        .queryParam("authorizationInfo", authz)
                        .get(path));
    }

    public Response delete(Credential client, String id) {
        String path = BASE + "/trustedInvokers/" + id;
        return contract.check("DELETE", path, spec(client).delete(path));
    }

    public Response update(Credential client, String id, Object body) {
        String path = BASE + "/trustedInvokers/" + id + "/update";
        return contract.check(
                "POST",
                path,
                spec(client).contentType(ContentType.JSON).body(body).post(path));
    }

    public Response revoke(Credential client, String id, Object body) {
        String path = BASE + "/trustedInvokers/" + id + "/delete";
        return contract.check(
                "POST",
                path,
                spec(client).contentType(ContentType.JSON).body(body).post(path));
    }

    /** POST /securities/{securityId}/token with the given form parameters (name, value pairs; repeats allowed). */
    public Response token(Credential client, String securityId, String... form) {
        String path = BASE + "/securities/" + securityId + "/token";
        RequestSpecification spec = spec(client).contentType(ContentType.URLENC);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < form.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(java.net.URLEncoder.encode(form[i], java.nio.charset.StandardCharsets.UTF_8))
                    .append('=')
                    .append(java.net.URLEncoder.encode(form[i + 1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return contract.check("POST", path, spec.body(body.toString()).post(path));
    }

    /** A token for the invoker with a client_credentials grant and the given scope (null for none). */
    public Response token(Credential client, String id, String scope) {
        return scope == null
                ? token(client, id, "grant_type", "client_credentials", "client_id", id)
                : token(client, id, "grant_type", "client_credentials", "client_id", id, "scope", scope);
    }

    public RequestSpecification spec(Credential client) {
        return Https.as(CapifTestResource.pki(), base, client);
    }
}
