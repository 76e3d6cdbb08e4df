package org.capif.validator.decision;

/**
 * Which API an invocation is for, and on which route: named by {@code apiName} (as in scopes), or by {@code apiId}
 * (a gateway's per-route configuration may name the published id; it must be published and active at the AEF, and
 * agree with {@code apiName} when both are given). {@code method} and {@code path} (raw, as sent, with or without its
 * query) are checked against the API's published resources when given.
 */
public record ApiCall(String apiName, String apiId, String method, String path) {

    /** The API by name, no route. */
    public static ApiCall named(String apiName) {
        return new ApiCall(apiName, null, null, null);
    }
}
