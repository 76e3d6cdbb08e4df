package org.capif.authz.context;

import java.util.List;
import java.util.Optional;
import org.capif.common.api.SecurityMethods;
import org.capif.common.event.Revocation;

/**
 * An invoker's security context as the token path sees it (immutable).
 *
 * @param entries the APIs in the context; empty once deleted
 * @param revocations the latest revocation instant per API
 * @param revokedAuthorizations what an AEF or the operator revoked, until granted again (never in a token)
 * @param version per-invoker version, the security event sequence
 */
public record SecurityContextView(
        String apiInvokerId,
        List<SecurityEntry> entries,
        List<Revocation> revocations,
        List<RevokedAuthorization> revokedAuthorizations,
        long version) {

    /** The standing revocation of this API at this AEF by an AEF or the operator, if any. */
    public Optional<RevokedAuthorization> revoked(String aefId, String apiId) {
        return RevokedAuthorizations.find(revokedAuthorizations, aefId, apiId);
    }

    /** Reads the stored JSON of {@link RevokedAuthorization}s (for the in-memory state). */
    public static List<RevokedAuthorization> decodeRevokedAuthorizations(String json) {
        return SecurityContexts.decodeRevokedAuthorizations(json);
    }

    public boolean established() {
        return !entries.isEmpty();
    }

    /** The entry for this API name at this AEF, if the context has one. */
    public Optional<SecurityEntry> entry(String aefId, String apiName) {
        return entries.stream()
                .filter(e -> e.aefId().equals(aefId) && e.apiName().equals(apiName))
                .findFirst();
    }

    /** The entries for which OAuth access tokens may be issued. */
    public List<SecurityEntry> oauthEntries() {
        return entries.stream()
                .filter(e -> SecurityMethods.OAUTH.equals(e.selSecurityMethod()))
                .toList();
    }
}
