package org.capif.authz.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * The rule that a revocation by an AEF or the operator sticks (docs/decisions.md D19): what is revoked stays out of the
 * invoker's security context, whatever it asks for, until granted again. An operator's revocation outranks an AEF's of
 * the same API (only the operator may lift it).
 */
final class RevokedAuthorizations {

    private RevokedAuthorizations() {}

    static Optional<RevokedAuthorization> find(List<RevokedAuthorization> revoked, String aefId, String apiId) {
        return revoked.stream().filter(r -> r.concerns(aefId, apiId)).findFirst();
    }

    /** Records the revocations; per API the latest, except that an operator's is never replaced by an AEF's. */
    static List<RevokedAuthorization> merge(List<RevokedAuthorization> existing, List<RevokedAuthorization> added) {
        List<RevokedAuthorization> merged = new ArrayList<>(existing);
        for (RevokedAuthorization a : added) {
            Optional<RevokedAuthorization> old = find(merged, a.aefId(), a.apiId());
            if (old.isPresent() && old.get().byOperator() && !a.byOperator()) {
                continue;
            }
            old.ifPresent(merged::remove);
            merged.add(a);
        }
        return List.copyOf(merged);
    }

    /**
     * The entries a requested context may have: an entry that names a revoked API explicitly is refused (403
     * {@code AUTHORIZATION_REVOKED}, naming each); an entry for every API of an AEF ({@code apiId} absent) leaves the
     * revoked ones out, and is refused if that leaves none.
     */
    static List<SecurityEntry> admit(
            List<MethodSelection.Requested> requested,
            List<SecurityEntry> selected,
            List<RevokedAuthorization> revoked) {
        if (revoked.isEmpty()) {
            return selected;
        }
        List<InvalidParam> refused = new ArrayList<>();
        for (MethodSelection.Requested r : requested) {
            if (r.apiId() != null) {
                find(revoked, r.aefId(), r.apiId())
                        .ifPresent(x ->
                                refused.add(new InvalidParam("/securityInfo/" + r.index() + "/apiId", x.describe())));
                continue;
            }
            List<SecurityEntry> ofAef =
                    selected.stream().filter(e -> e.aefId().equals(r.aefId())).toList();
            if (!ofAef.isEmpty()
                    && ofAef.stream()
                            .allMatch(e -> find(revoked, e.aefId(), e.apiId()).isPresent())) {
                refused.add(new InvalidParam(
                        "/securityInfo/" + r.index(),
                        "every API of AEF " + r.aefId() + " the invoker is subscribed to is revoked: "
                                + find(
                                                revoked,
                                                ofAef.get(0).aefId(),
                                                ofAef.get(0).apiId())
                                        .orElseThrow()
                                        .describe()));
            }
        }
        if (!refused.isEmpty()) {
            throw new CapifException(
                    403,
                    "Forbidden",
                    Causes.AUTHORIZATION_REVOKED,
                    "The security context names APIs whose authorization an AEF or the operator revoked; only they can"
                            + " grant it again.",
                    refused,
                    null);
        }
        return selected.stream()
                .filter(e -> find(revoked, e.aefId(), e.apiId()).isEmpty())
                .toList();
    }
}
