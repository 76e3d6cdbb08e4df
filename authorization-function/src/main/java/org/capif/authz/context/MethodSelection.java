package org.capif.authz.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capif.authz.invoker.InvokerView;
import org.capif.common.api.SecurityMethods;
import org.capif.common.event.SubscribedApi;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * Security method negotiation (TS 33.122 §6.3, TS 29.222 §5.6.2.2): for each requested API, the first method in the
 * invoker's preference order that the AEF supports for that API and that this CAPIF offers. We offer {@code OAUTH}
 * (method 3) and {@code PKI} (method 2); {@code PSK} (method 1) is never selected, see {@link #PSK_REFUSAL}.
 *
 * <p>Checks, in order, per requested entry: the API (or, without {@code apiId}, at least one API of that AEF) is in the
 * invoker's subscription, else 403 {@code API_NOT_SUBSCRIBED}; a method can be selected, else 400
 * {@code SECURITY_METHOD_NOT_SUPPORTED}.
 */
public final class MethodSelection {

    /** The methods this CAPIF selects. */
    public static final Set<String> OFFERED = Set.of(SecurityMethods.OAUTH, SecurityMethods.PKI);

    /** Why PSK is refused, in words an invoker developer can act on. */
    public static final String PSK_REFUSAL = "PSK (TLS-PSK, TS 33.122 method 1) is not offered: its key is derived from"
            + " the TLS 1.2 session ID and master secret of the CAPIF-1e connection (TS 33.122 Annex A), which TLS 1.3"
            + " does not have; use OAUTH or PKI.";

    /** One entry of the request, after structural validation. */
    public record Requested(int index, String aefId, String apiId, List<String> prefSecurityMethods) {}

    private MethodSelection() {}

    /** The context entries for the request, one per (AEF, API), in request order. */
    public static List<SecurityEntry> select(InvokerView invoker, List<Requested> requested) {
        Map<String, SecurityEntry> selected = new LinkedHashMap<>();
        List<InvalidParam> notSubscribed = new ArrayList<>();
        List<InvalidParam> unsupported = new ArrayList<>();
        boolean onlyPsk = false;
        for (Requested r : requested) {
            List<SubscribedApi> apis = r.apiId() != null
                    ? invoker.api(r.aefId(), r.apiId()).map(List::of).orElse(List.of())
                    : invoker.apis().stream()
                            .filter(a -> a.aefId().equals(r.aefId()))
                            .toList();
            if (apis.isEmpty()) {
                notSubscribed.add(new InvalidParam(
                        "/securityInfo/" + r.index(),
                        r.apiId() != null
                                ? "API " + r.apiId() + " at AEF " + r.aefId() + " is not in the invoker's subscription"
                                : "no API of AEF " + r.aefId() + " is in the invoker's subscription"));
                continue;
            }
            for (SubscribedApi api : apis) {
                String method = r.prefSecurityMethods().stream()
                        .filter(m ->
                                OFFERED.contains(m) && api.securityMethods().contains(m))
                        .findFirst()
                        .orElse(null);
                if (method == null) {
                    boolean psk = r.prefSecurityMethods().stream().allMatch(SecurityMethods.PSK::equals);
                    onlyPsk |= psk;
                    unsupported.add(new InvalidParam(
                            "/securityInfo/" + r.index() + "/prefSecurityMethods",
                            psk
                                    ? PSK_REFUSAL
                                    : "AEF " + api.aefId() + " supports " + api.securityMethods() + " for "
                                            + api.apiName() + "; this CAPIF offers " + OFFERED));
                    continue;
                }
                selected.putIfAbsent(
                        api.aefId() + "\n" + api.apiId(),
                        new SecurityEntry(
                                api.aefId(), api.apiId(), api.apiName(), List.copyOf(r.prefSecurityMethods()), method));
            }
        }
        if (!unsupported.isEmpty()) {
            throw CapifException.badRequest(
                    Causes.SECURITY_METHOD_NOT_SUPPORTED,
                    onlyPsk
                            ? PSK_REFUSAL
                            : "No preferred security method is both supported by the AEF and offered by this CAPIF.",
                    unsupported);
        }
        if (!notSubscribed.isEmpty()) {
            throw new CapifException(
                    403,
                    "Forbidden",
                    Causes.API_NOT_SUBSCRIBED,
                    "The security context names service APIs the invoker is not subscribed to.",
                    notSubscribed,
                    null);
        }
        return List.copyOf(selected.values());
    }
}
