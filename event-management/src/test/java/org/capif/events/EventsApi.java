package org.capif.events;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.testing.CapifTestResource;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;

/**
 * A test client of event management: the Events, Logging and Auditing APIs. Every answer of an operation the YAMLs
 * define has been validated against the official TS 29.222 files (status declared, headers and body matching).
 */
public final class EventsApi {

    static final String EVENTS_SPEC = "TS29222_CAPIF_Events_API.yaml";
    static final String LOGGING_SPEC = "TS29222_CAPIF_Logging_API_Invocation_API.yaml";
    static final String AUDITING_SPEC = "TS29222_CAPIF_Auditing_API.yaml";

    private final URL base;
    private final OpenApiContract events = OpenApiContract.of(EVENTS_SPEC, "/capif-events/v1");
    private final OpenApiContract logging = OpenApiContract.of(LOGGING_SPEC, "/api-invocation-logs/v1");
    private final OpenApiContract auditing = OpenApiContract.of(AUDITING_SPEC, "/logs/v1");

    public EventsApi(URL base) {
        this.base = base;
    }

    public static String subscriptions(String subscriberId) {
        return "/capif-events/v1/" + subscriberId + "/subscriptions";
    }

    public Response subscribe(Credential client, String subscriberId, Object body) {
        String path = subscriptions(subscriberId);
        return events.check(
                "POST",
                path,
                as(client).contentType(ContentType.JSON).body(body).post(path));
    }

    /** Subscribes and returns the subscription id (fails the test otherwise). */
    public String subscribeOk(Credential client, String subscriberId, Object body) {
        Response r = subscribe(client, subscriberId, body);
        if (r.statusCode() != 201) {
            throw new AssertionError("subscription refused: " + r.statusCode() + " " + r.asString());
        }
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public Response put(Credential client, String subscriberId, String id, Object body) {
        String path = subscriptions(subscriberId) + "/" + id;
        return events.check(
                "PUT", path, as(client).contentType(ContentType.JSON).body(body).put(path));
    }

    public Response patch(Credential client, String subscriberId, String id, Object body) {
        String path = subscriptions(subscriberId) + "/" + id;
        return events.check(
                "PATCH",
                path,
                as(client)
                        .contentType("application/merge-patch+json")
                        .body(body)
                        .patch(path));
    }

    public Response delete(Credential client, String subscriberId, String id) {
        String path = subscriptions(subscriberId) + "/" + id;
        return events.check("DELETE", path, as(client).delete(path));
    }

    /** GET of one subscription or of the collection (our extension: no contract to check). */
    public Response get(Credential client, String path) {
        return as(client).get(path);
    }

    public Response log(Credential aef, String aefId, Object body) {
        String path = "/api-invocation-logs/v1/" + aefId + "/logs";
        return logging.check(
                "POST", path, as(aef).contentType(ContentType.JSON).body(body).post(path));
    }

    public Response audit(Credential client, Map<String, ?> query) {
        String path = "/logs/v1/apiInvocationLogs";
        return auditing.check(
                "GET", path, as(client).queryParams(new LinkedHashMap<>(query)).get(path));
    }

    /** An {@code EventSubscription} asking for EnhancedEventReport. */
    public static Map<String, Object> subscription(String destination, List<String> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", events);
        body.put("notificationDestination", destination);
        body.put("supportedFeatures", "4");
        return body;
    }

    /** One {@code Log} with the mandatory members. */
    public static Map<String, Object> logEntry(String apiId, String apiName, String result) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("apiId", apiId);
        log.put("apiName", apiName);
        log.put("apiVersion", "v1");
        log.put("resourceName", "subscriptions");
        log.put("protocol", "HTTP_1_1");
        log.put("operation", "POST");
        log.put("result", result);
        return log;
    }

    public static Map<String, Object> invocationLog(String aefId, String invokerId, List<Map<String, Object>> logs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("aefId", aefId);
        body.put("apiInvokerId", invokerId);
        body.put("logs", logs);
        return body;
    }

    private RequestSpecification as(Credential client) {
        return Https.as(CapifTestResource.pki(), base, client);
    }
}
