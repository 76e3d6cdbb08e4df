package org.capif.authz.token;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.capif.authz.context.RevokedAuthorization;
import org.capif.authz.context.SecurityContextView;
import org.capif.authz.context.SecurityEntry;
import org.capif.authz.invoker.InvokerView;
import org.capif.common.api.SecurityMethods;
import org.capif.common.event.SubscribedApi;
import org.capif.common.scope.CapifScope;

/**
 * Decides the granted scope (TS 33.122 Annex C.3). Checks, in order: a security context is established, or was emptied
 * by revocations ({@code invalid_grant} otherwise); the requested scope parses ({@code invalid_scope}); every requested
 * API is in the invoker's subscription ({@code invalid_scope}), not revoked by an AEF or the operator
 * ({@code invalid_scope}, description starting {@value #REVOKED}), in its security context ({@code invalid_grant} if
 * there is none left, else {@code invalid_scope}) and selected there for OAUTH ({@code unauthorized_client}). Without
 * a {@code scope} parameter the grant is every API of the context selected for OAUTH, still subscribed and not
 * revoked. A scope may be narrowed by the invoker, never widened.
 */
public final class ScopeResolver {

    /** The stable start of the {@code error_description} for an API whose authorization an AEF or the operator revoked. */
    public static final String REVOKED = "AUTHORIZATION_REVOKED: ";

    private ScopeResolver() {}

    public static CapifScope resolve(InvokerView invoker, SecurityContextView context, String requested) {
        if (context == null
                || (!context.established() && context.revokedAuthorizations().isEmpty())) {
            throw noContext();
        }
        if (requested == null || requested.isBlank()) {
            List<Map.Entry<String, String>> all = context.oauthEntries().stream()
                    .filter(e -> invoker.apiByName(e.aefId(), e.apiName()).isPresent())
                    .filter(e -> context.revoked(e.aefId(), e.apiId()).isEmpty())
                    .map(e -> Map.entry(e.aefId(), e.apiName()))
                    .toList();
            if (all.isEmpty()) {
                Optional<RevokedAuthorization> revoked = context.revokedAuthorizations().stream()
                        .filter(r -> invoker.api(r.aefId(), r.apiId()).isPresent())
                        .findFirst();
                if (revoked.isPresent()) {
                    throw TokenError.of(
                            TokenError.INVALID_SCOPE, REVOKED + revoked.get().describe());
                }
                if (!context.established()) {
                    throw noContext();
                }
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
            SubscribedApi subscribed = invoker.apiByName(aef, api)
                    .orElseThrow(() -> TokenError.of(
                            TokenError.INVALID_SCOPE,
                            "API " + api + " at AEF " + aef + " is not in the invoker's subscription"));
            Optional<RevokedAuthorization> revoked = context.revoked(aef, subscribed.apiId());
            if (revoked.isPresent()) {
                throw TokenError.of(
                        TokenError.INVALID_SCOPE, REVOKED + revoked.get().describe());
            }
            if (!context.established()) {
                throw noContext();
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

    private static TokenError noContext() {
        return TokenError.of(
                TokenError.INVALID_GRANT,
                "no security context is established for this invoker; PUT /trustedInvokers/{apiInvokerId} first");
    }
}
