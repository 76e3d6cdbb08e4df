package org.capif.authz.context;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.capif.common.event.EventCodec;
import org.capif.common.event.Revocation;

/** Reading and changing the JSON columns of a {@link SecurityContext}. */
final class SecurityContexts {

    private static final TypeReference<List<SecurityEntry>> ENTRIES = new TypeReference<>() {};
    private static final TypeReference<List<Revocation>> REVOCATIONS = new TypeReference<>() {};
    private static final TypeReference<List<RevokedAuthorization>> REVOKED = new TypeReference<>() {};

    private SecurityContexts() {}

    static List<SecurityEntry> entries(SecurityContext c) {
        return EventCodec.decode(c.securityInfo, ENTRIES);
    }

    static List<Revocation> revocations(SecurityContext c) {
        return EventCodec.decode(c.revocations, REVOCATIONS);
    }

    static List<RevokedAuthorization> revokedAuthorizations(SecurityContext c) {
        return decodeRevokedAuthorizations(c.revokedAuthorizations);
    }

    static List<RevokedAuthorization> decodeRevokedAuthorizations(String json) {
        return json == null ? List.of() : EventCodec.decode(json, REVOKED);
    }

    static void revokedAuthorizations(SecurityContext c, List<RevokedAuthorization> revoked) {
        c.revokedAuthorizations = EventCodec.encode(revoked);
    }

    /**
     * Replaces the entries; every API that leaves the context, or stays but is no longer OAUTH, gets a revocation at
     * {@code now} so that tokens already issued for it stop working.
     */
    static void replaceEntries(SecurityContext c, List<SecurityEntry> next, Instant now, String cause) {
        List<SecurityEntry> previous = entries(c);
        List<Revocation> added = new ArrayList<>();
        for (SecurityEntry old : previous) {
            boolean keptAsOauth = next.stream()
                    .anyMatch(n -> n.aefId().equals(old.aefId())
                            && n.apiName().equals(old.apiName())
                            && n.selSecurityMethod().equals(old.selSecurityMethod()));
            if (!keptAsOauth) {
                added.add(new Revocation(old.aefId(), old.apiName(), now, cause));
            }
        }
        c.securityInfo = EventCodec.encode(next);
        addRevocations(c, added);
    }

    /** Removes the matching entries and revokes them; returns how many were removed. */
    static int removeEntries(SecurityContext c, Predicate<SecurityEntry> match, Instant now, String cause) {
        List<SecurityEntry> previous = entries(c);
        List<SecurityEntry> kept = previous.stream().filter(match.negate()).toList();
        List<Revocation> added = previous.stream()
                .filter(match)
                .map(e -> new Revocation(e.aefId(), e.apiName(), now, cause))
                .toList();
        c.securityInfo = EventCodec.encode(kept);
        addRevocations(c, added);
        return previous.size() - kept.size();
    }

    /** Records revocations, keeping only the latest per (AEF, API). */
    static void addRevocations(SecurityContext c, List<Revocation> added) {
        List<Revocation> merged = new ArrayList<>(revocations(c));
        for (Revocation r : added) {
            merged.removeIf(m -> m.aefId().equals(r.aefId()) && m.apiName().equals(r.apiName()));
            merged.add(r);
        }
        c.revocations = EventCodec.encode(merged);
    }
}
