package org.capif.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * One access decision of the token validator for an AEF that asked for invocation logs
 * ({@code capif.invocation-log.aefs} of the validator), on the decision log topic keyed by {@code aefId}. Event
 * management turns each into a TS 29.222 invocation log, so AEFs behind the validator are auditable without code of
 * their own. It names the invoker only once the token's signature verified, and never carries the token.
 *
 * @param eventId unique per decision; a re-delivered record keeps its id (event management stores it once)
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param occurredAt when the validator decided
 * @param aefId the AEF that asked
 * @param apiInvokerId the invoker the verified token names, or null if the token did not verify
 * @param apiName the API the AEF asked about (null for an introspection that named none)
 * @param allowed whether the invocation was allowed
 * @param reason the validator's reason ({@code OK} or why not, docs/errors.md)
 */
public record DecisionLogEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String aefId,
        String apiInvokerId,
        String apiName,
        boolean allowed,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    /** Refusals answered 403: the token does not cover the API or route, or the invocation policy refuses now. */
    private static final java.util.Set<String> FORBIDDEN = java.util.Set.of(
            "API_NOT_IN_SCOPE",
            "API_NOT_SUBSCRIBED",
            "API_NOT_PUBLISHED",
            "ROUTE_NOT_PUBLISHED",
            "POLICY_OUTSIDE_TIME_RANGE",
            "POLICY_RATE_EXCEEDED",
            "POLICY_TOTAL_EXCEEDED");

    /**
     * The HTTP status the invoker is answered for this decision by a gateway or an AEF following docs/gateways.md:
     * 200 allowed, 403 for a reason of scope or policy, 401 for every other refusal (the token, its binding, the
     * invoker). The token validator's gateway answers use the same statuses (its tests check they agree).
     */
    public int invocationStatus() {
        return invocationStatus(allowed, reason);
    }

    /** {@link #invocationStatus()} for a decision and its reason. */
    public static int invocationStatus(boolean allowed, String reason) {
        if (allowed) {
            return 200;
        }
        return FORBIDDEN.contains(reason) ? 403 : 401;
    }

    /** The event in a record, or {@link IllegalArgumentException} if it is not a valid event of a known version. */
    public static DecisionLogEvent decode(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty record");
        }
        DecisionLogEvent e = EventCodec.decode(payload, DecisionLogEvent.class);
        if (e.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.eventId() == null || e.occurredAt() == null || e.aefId() == null || e.reason() == null) {
            throw new IllegalArgumentException("decision log event misses mandatory fields");
        }
        return e;
    }
}
