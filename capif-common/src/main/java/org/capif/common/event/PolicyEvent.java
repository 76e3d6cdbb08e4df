package org.capif.common.event;

import java.time.Instant;
import java.util.UUID;
import org.capif.common.api.ApiInvokerPolicy;

/**
 * The access control policy of one invoker for one API at one AEF, as set by the operator at the authorization
 * function; keyed by {@link #key}. Full state: {@code policy} null means the policy was removed (no restriction).
 *
 * @param sequence per-key version, strictly increasing
 */
public record PolicyEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String apiInvokerId,
        String aefId,
        String apiId,
        String apiName,
        long sequence,
        ApiInvokerPolicy policy) {

    public static final int SCHEMA_VERSION = 1;

    /** The Kafka key: one compacted record per (invoker, AEF, API). */
    public static String key(String apiInvokerId, String aefId, String apiId) {
        return apiInvokerId + "|" + aefId + "|" + apiId;
    }
}
