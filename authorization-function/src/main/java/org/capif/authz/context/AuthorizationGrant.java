package org.capif.authz.context;

import java.util.ArrayList;
import java.util.List;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * The body of {@code POST /capif-admin/v1/revoked-authorizations/{apiInvokerId}/grant}: the APIs to grant again, at
 * the AEF named (for an AEF, only itself; the operator may leave it out to mean every AEF).
 *
 * @param aefId the AEF, optional
 * @param apiIds the service APIs, 1 to {@link #MAX_APIS}
 */
public record AuthorizationGrant(String aefId, List<String> apiIds) {

    /** Most APIs named in one revocation or grant. */
    static final int MAX_APIS = 100;

    static void validate(AuthorizationGrant body) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body ({\"aefId\", \"apiIds\"}) is required.",
                    new InvalidParam("/", "missing body"));
        }
        if (body.apiIds() == null || body.apiIds().isEmpty()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "apiIds is mandatory.",
                    new InvalidParam("/apiIds", "mandatory, at least one"));
        }
        validateIds(body.aefId(), body.apiIds());
    }

    /** The AEF id (if any) and every API id are CAPIF identifiers, and there are at most {@link #MAX_APIS}. */
    static void validateIds(String aefId, List<String> apiIds) {
        List<InvalidParam> incorrect = new ArrayList<>();
        if (aefId != null && !CapifIdentity.ID_PATTERN.matcher(aefId).matches()) {
            incorrect.add(new InvalidParam("/aefId", "not a valid AEF identifier"));
        }
        if (apiIds.size() > MAX_APIS) {
            incorrect.add(new InvalidParam("/apiIds", "at most " + MAX_APIS + " entries"));
        }
        for (int i = 0; i < apiIds.size() && i < MAX_APIS; i++) {
            String apiId = apiIds.get(i);
            if (apiId == null || !CapifIdentity.ID_PATTERN.matcher(apiId).matches()) {
                incorrect.add(new InvalidParam("/apiIds/" + i, "not a valid API identifier"));
            }
        }
        if (!incorrect.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_INCORRECT, "Fields have invalid values.", incorrect);
        }
    }
}
