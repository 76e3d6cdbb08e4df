package org.capif.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * One access token revoked before its expiry (RFC 7009 at the authorization function); keyed by {@code jti}. A
 * consumer may forget it after {@code expiresAt}, when the token is dead anyway.
 */
public record TokenRevokedEvent(
        UUID eventId, int schemaVersion, Instant occurredAt, String jti, String apiInvokerId, Instant expiresAt) {

    public static final int SCHEMA_VERSION = 1;
}
