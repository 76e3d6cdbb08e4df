package org.capif.authz.context;

import java.time.Instant;

/**
 * An authorization an AEF or the operator revoked (TS 29.222 Revoke_Authorization) for one API of one AEF. It stays
 * revoked, whatever the invoker does, until that AEF (for its own revocations) or the operator (for any) grants it
 * again; see {@code docs/decisions.md} D19.
 *
 * @param aefId the AEF
 * @param apiId the service API at that AEF
 * @param revokedBy who revoked: {@code aef:<id>}, {@code operator:<name>}, or the AEF through a CAPIF service
 * @param byOperator true if the operator revoked (then only the operator may grant again)
 * @param cause the TS 29.222 cause given
 * @param revokedAt when
 */
public record RevokedAuthorization(
        String aefId, String apiId, String revokedBy, boolean byOperator, String cause, Instant revokedAt) {

    /** True if this is the revocation of {@code apiId} at {@code aefId}. */
    public boolean concerns(String aefId, String apiId) {
        return this.aefId.equals(aefId) && this.apiId.equals(apiId);
    }

    /** What an invoker is told. */
    public String describe() {
        return "the authorization for " + apiId + " at " + aefId + " was revoked by " + revokedBy + " (" + cause
                + "); only " + (byOperator ? "the operator" : "that AEF or the operator") + " can grant it again";
    }
}
