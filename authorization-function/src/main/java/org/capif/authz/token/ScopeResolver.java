package org.capif.authz.token;

import java.util.List;
import java.util.Map;
import org.capif.authz.context.SecurityContextView;
import org.capif.authz.context.SecurityEntry;
import org.capif.authz.invoker.InvokerView;
import org.capif.common.api.SecurityMethods;
import org.capif.common.scope.CapifScope;

/**
 * Decides the granted scope (TS 33.122 Annex C.3). Checks, in order: a security context is established
 * ({@code invalid_grant} otherwise); the requested scope parses ({@code invalid_scope}); every requested API is in the
 * invoker's subscription ({@code invalid_scope}), in its security context ({@code invalid_scope}) and selected there
 * for OAUTH ({@code unauthorized_client}). Without a {@code scope} parameter the grant is every API of the context
 * selected for OAUTH and still subscribed. A scope may be narrowed by the invoker, never widened.
 */
public final class ScopeResolver {

    private ScopeResolver() {}

    public static CapifScope resolve(InvokerView invoker, SecurityContextView context, String requested) {
        if (context == null || !context.established()) {
            throw TokenError.of(
                    TokenError.INVALID_GRANT,
                    "no security context is established for this invoker; PUT /trustedInvokers/{apiInvokerId} first");
        }
        if (requested == null || requested.isBlank()) {
            List<Map.Entry<String, String>> all = context.oauthEntries().stream()
                    .filter(e -> invoker.apiByName(e.aefId(), e.apiName()).isPresent())
                    .map(e -> Map.entry(e.aefId(), e.apiName()))
                    .toList();
            if (all.isEmpty()) {
                throw TokenError.of(
                        TokenError.INVALID_SCOPE, "the security context selects OAUTH for no subscribed API");
            }
            return CapifScope.of(all);
        }
        CapifScope scope = CapifScope.parse(requested)
                .orElseThrow(() -> TokenError.of(
                        TokenError.INVALID_SCOPE,
                        "scope must have the form 3gpp#aefId:apiName[,apiName][;aefId:apiName...]"));
        for (Map.Entry<String, String> pair : scope.pairs()) {
            String aef = pair.getKey();
            String api = pair.getValue();
            if (invoker.apiByName(aef, api).isEmpty()) {
                throw TokenError.of(
                        TokenError.INVALID_SCOPE,
                        "API " + api + " at AEF " + aef + " is not in the invoker's subscription");
            }
            SecurityEntry entry = context.entry(aef, api)
                    .orElseThrow(() -> TokenError.of(
                            TokenError.INVALID_SCOPE,
                            "API " + api + " at AEF " + aef + " is not in the invoker's security context"));
            if (!SecurityMethods.OAUTH.equals(entry.selSecurityMethod())) {
                throw TokenError.of(
                        TokenError.UNAUTHORIZED_CLIENT,
                        "the security context selected " + entry.selSecurityMethod() + ", not OAUTH, for " + api
                                + " at " + aef);
            }
        }
        return scope;
    }
}
