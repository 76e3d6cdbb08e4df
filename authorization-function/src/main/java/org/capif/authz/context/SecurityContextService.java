package org.capif.authz.context;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.capif.authz.invoker.InvokerView;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.RevokedApi;
import org.capif.common.event.SecurityEventType;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.jboss.logging.Logger;

/**
 * The security contexts of TS 29.222 §5.6 (Obtain_Security_Method, Obtain_API_Invoker_Info, Revoke_Authorization).
 * Each change is one transaction that locks the invoker's context row, writes the new state with a higher version,
 * notifies every replica's in-memory state and writes the security event to the outbox.
 */
@ApplicationScoped
public class SecurityContextService {

    private static final Logger LOG = Logger.getLogger(SecurityContextService.class);

    /** Longest wait for the onboarding event of an invoker that asks about itself before it reached this service. */
    static final Duration ONBOARDING_GRACE = Duration.ofSeconds(3);

    /** The result of establishing a context: the context and whether it did not exist before. */
    public record Established(SecurityContext context, boolean created) {}

    private final SecurityContextRepository contexts;
    private final AuthorizationState state;
    private final SecurityEvents events;
    private final OutboxRelay relay;
    private final Clock clock;
    private final java.util.Set<String> revokingServices;

    public SecurityContextService(
            SecurityContextRepository contexts,
            AuthorizationState state,
            SecurityEvents events,
            OutboxRelay relay,
            Clock clock,
            org.capif.authz.AuthorizationConfig config) {
        this.contexts = contexts;
        this.state = state;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
        this.revokingServices = java.util.Set.copyOf(config.revokingServices());
    }

    /** PUT: establishes (or replaces) the invoker's context; only the invoker itself. */
    public Uni<Established> establish(AuthenticatedPeer peer, String apiInvokerId, ServiceSecurity body) {
        Access.requireInvokerItself(peer, apiInvokerId);
        List<MethodSelection.Requested> requested = ServiceSecurityValidator.validate(body);
        return activeInvoker(peer, apiInvokerId, 403).chain(invoker -> {
            List<SecurityEntry> selected = MethodSelection.select(invoker, requested);
            Instant now = clock.instant();
            return changed(apiInvokerId, Panache.withTransaction(() -> contexts.lockOrCreate(apiInvokerId, now)
                    .chain(context -> {
                        // under the row lock, so a revocation committing meanwhile is seen
                        List<SecurityEntry> entries = RevokedAuthorizations.admit(
                                requested, selected, SecurityContexts.revokedAuthorizations(context));
                        boolean created = SecurityContexts.entries(context).isEmpty();
                        apply(context, body, entries, now);
                        return publish(
                                        context,
                                        created
                                                ? SecurityEventType.SECURITY_CONTEXT_CREATED
                                                : SecurityEventType.SECURITY_CONTEXT_UPDATED)
                                .replaceWith(new Established(context, created));
                    })));
        });
    }

    /** POST .../update: renegotiates an existing context; only the invoker itself. */
    public Uni<SecurityContext> update(AuthenticatedPeer peer, String apiInvokerId, ServiceSecurity body) {
        Access.requireInvokerItself(peer, apiInvokerId);
        List<MethodSelection.Requested> requested = ServiceSecurityValidator.validate(body);
        return activeInvoker(peer, apiInvokerId, 404).chain(invoker -> {
            List<SecurityEntry> selected = MethodSelection.select(invoker, requested);
            Instant now = clock.instant();
            return changed(apiInvokerId, Panache.withTransaction(() -> contexts.lock(apiInvokerId)
                    .chain(context -> {
                        if (context == null || SecurityContexts.entries(context).isEmpty()) {
                            throw Access.contextNotFound(apiInvokerId);
                        }
                        List<SecurityEntry> entries = RevokedAuthorizations.admit(
                                requested, selected, SecurityContexts.revokedAuthorizations(context));
                        apply(context, body, entries, now);
                        return publish(context, SecurityEventType.SECURITY_CONTEXT_UPDATED)
                                .replaceWith(context);
                    })));
        });
    }

    /**
     * GET: the context as the peer may see it: the invoker itself and the operator see all of it, an AEF only the
     * entries that concern it (404 if none does, so nothing of other parties leaks).
     */
    public Uni<View> read(AuthenticatedPeer peer, String apiInvokerId) {
        Access.requireRole(peer, CapifRole.INVOKER, CapifRole.AEF, CapifRole.OPERATOR);
        if (peer.is(CapifRole.INVOKER)) {
            Access.requireInvokerItself(peer, apiInvokerId);
        }
        return activeInvoker(peer, apiInvokerId, 404)
                .chain(invoker -> Panache.withSession(() -> contexts.findById(apiInvokerId))
                        .map(context -> {
                            List<SecurityEntry> visible = context == null
                                    ? List.of()
                                    : SecurityContexts.entries(context).stream()
                                            .filter(e -> !peer.is(CapifRole.AEF)
                                                    || e.aefId().equals(peer.id()))
                                            .toList();
                            if (visible.isEmpty()) {
                                throw Access.contextNotFound(apiInvokerId);
                            }
                            return new View(context, visible, invoker);
                        }));
    }

    /** DELETE: an AEF removes the entries that concern it, the operator the whole context. */
    public Uni<Void> delete(AuthenticatedPeer peer, String apiInvokerId) {
        Access.requireRole(peer, CapifRole.AEF, CapifRole.OPERATOR);
        Instant now = clock.instant();
        return changed(apiInvokerId, Panache.withTransaction(() -> contexts.lock(apiInvokerId)
                        .chain(context -> {
                            int removed = context == null
                                    ? 0
                                    : SecurityContexts.removeEntries(
                                            context,
                                            e -> !peer.is(CapifRole.AEF)
                                                    || e.aefId().equals(peer.id()),
                                            now,
                                            "SECURITY_CONTEXT_DELETED");
                            if (removed == 0) {
                                throw Access.contextNotFound(apiInvokerId);
                            }
                            touch(context, now);
                            LOG.infof(
                                    "security context of %s deleted by %s (%d APIs)",
                                    apiInvokerId, peer.identity(), removed);
                            return publish(context, SecurityEventType.SECURITY_CONTEXT_DELETED);
                        })))
                .replaceWithVoid();
    }

    /**
     * POST .../delete: revokes the invoker's authorization for some APIs (TS 29.222 Revoke_Authorization). An AEF
     * revokes at itself only; the operator at the named AEF, or at every AEF when none is named; a CAPIF service (the
     * token validator forwarding an AEF's AEF_Security_API revoke-authorization) at the AEF it names. The APIs leave the
     * context, tokens issued for them stop working, and the revocation stands, also for APIs not in the context now,
     * until that AEF or the operator grants them again ({@link #grant}; docs/decisions.md D19).
     */
    public Uni<Void> revoke(AuthenticatedPeer peer, String apiInvokerId, SecurityNotification body) {
        Access.requireRole(peer, CapifRole.AEF, CapifRole.OPERATOR, CapifRole.SERVICE);
        if (peer.is(CapifRole.SERVICE) && !revokingServices.contains(peer.id())) {
            throw CapifException.forbidden(
                    Causes.ROLE_NOT_ALLOWED,
                    "This CAPIF service may not revoke authorizations (capif.revoking-services).");
        }
        validate(body, apiInvokerId);
        if (peer.is(CapifRole.AEF) && body.aefId() != null && !body.aefId().equals(peer.id())) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED, "An AEF may only revoke authorizations at itself.");
        }
        if (peer.is(CapifRole.SERVICE) && body.aefId() == null) {
            // the token validator forwards an AEF's revoke-authorization, having authenticated that AEF itself
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A CAPIF service revoking on an AEF's behalf must name the aefId.",
                    new InvalidParam("/aefId", "mandatory for a service"));
        }
        String aefId = peer.is(CapifRole.AEF) ? peer.id() : body.aefId();
        // an AEF's revocation forwarded by a service is the AEF's: that AEF may grant it again
        String revokedBy = peer.is(CapifRole.SERVICE)
                ? CapifRole.AEF.uriName() + ":" + aefId + " through " + peer.identity()
                : peer.identity().toString();
        Instant now = clock.instant();
        return knownInvoker(apiInvokerId)
                .chain(invoker -> changed(apiInvokerId, Panache.withTransaction(() -> contexts.lockOrCreate(
                                apiInvokerId, now)
                        .chain(context -> {
                            List<RevokedAuthorization> added = new ArrayList<>();
                            for (String apiId : body.apiIds()) {
                                for (String aef : aefId != null ? List.of(aefId) : aefsOf(invoker, context, apiId)) {
                                    added.add(new RevokedAuthorization(
                                            aef, apiId, revokedBy, peer.is(CapifRole.OPERATOR), body.cause(), now));
                                }
                            }
                            if (added.isEmpty()) {
                                throw Access.contextNotFound(apiInvokerId);
                            }
                            SecurityContexts.revokedAuthorizations(
                                    context,
                                    RevokedAuthorizations.merge(
                                            SecurityContexts.revokedAuthorizations(context), added));
                            SecurityContexts.removeEntries(
                                    context,
                                    e -> added.stream().anyMatch(a -> a.concerns(e.aefId(), e.apiId())),
                                    now,
                                    body.cause());
                            touch(context, now);
                            LOG.infof(
                                    "authorization of %s for %s at %s revoked by %s, cause %s",
                                    apiInvokerId,
                                    body.apiIds(),
                                    aefId == null ? "every AEF" : aefId,
                                    peer.identity(),
                                    body.cause());
                            return publish(
                                    context,
                                    SecurityEventType.API_INVOKER_AUTHORIZATION_REVOKED,
                                    added.stream()
                                            .map(a -> new RevokedApi(a.aefId(), a.apiId(), body.cause()))
                                            .toList());
                        }))))
                .replaceWithVoid();
    }

    /**
     * Grants again what an AEF or the operator revoked (our extension, docs/decisions.md D19): an AEF the APIs it
     * revoked at itself (not those the operator revoked), the operator any, at the named AEF or at every AEF. The APIs
     * do not come back into the context by themselves: the invoker negotiates them again (PUT or update). Granting what
     * is not revoked changes nothing.
     */
    public Uni<Void> grant(AuthenticatedPeer peer, String apiInvokerId, AuthorizationGrant body) {
        Access.requireRole(peer, CapifRole.AEF, CapifRole.OPERATOR);
        AuthorizationGrant.validate(body);
        if (peer.is(CapifRole.AEF) && body.aefId() != null && !body.aefId().equals(peer.id())) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED, "An AEF may only grant authorizations at itself.");
        }
        String aefId = peer.is(CapifRole.AEF) ? peer.id() : body.aefId();
        Instant now = clock.instant();
        return knownInvoker(apiInvokerId)
                .chain(invoker -> changed(apiInvokerId, Panache.withTransaction(() -> contexts.lock(apiInvokerId)
                        .chain(context -> {
                            List<RevokedAuthorization> revoked =
                                    context == null ? List.of() : SecurityContexts.revokedAuthorizations(context);
                            List<RevokedAuthorization> lifted = revoked.stream()
                                    .filter(r -> body.apiIds().contains(r.apiId()))
                                    .filter(r -> aefId == null || r.aefId().equals(aefId))
                                    .toList();
                            if (peer.is(CapifRole.AEF) && lifted.stream().anyMatch(RevokedAuthorization::byOperator)) {
                                throw CapifException.forbidden(
                                        Causes.ROLE_NOT_ALLOWED,
                                        "The operator revoked this authorization; only the operator can grant it again.");
                            }
                            if (lifted.isEmpty()) {
                                return Uni.createFrom().voidItem();
                            }
                            List<RevokedAuthorization> kept = new ArrayList<>(revoked);
                            kept.removeAll(lifted);
                            SecurityContexts.revokedAuthorizations(context, kept);
                            touch(context, now);
                            LOG.infof(
                                    "authorization of %s for %s granted again by %s",
                                    apiInvokerId,
                                    lifted.stream()
                                            .map(r -> r.apiId() + "@" + r.aefId())
                                            .toList(),
                                    peer.identity());
                            return publish(context, SecurityEventType.SECURITY_CONTEXT_UPDATED);
                        }))))
                .replaceWithVoid();
    }

    /** The standing revocations of the invoker as the peer may see them: an AEF its own, the operator all. */
    public Uni<List<RevokedAuthorization>> revoked(AuthenticatedPeer peer, String apiInvokerId) {
        Access.requireRole(peer, CapifRole.AEF, CapifRole.OPERATOR);
        return knownInvoker(apiInvokerId)
                .chain(invoker -> Panache.withSession(() -> contexts.findById(apiInvokerId)))
                .map(context -> context == null
                        ? List.<RevokedAuthorization>of()
                        : SecurityContexts.revokedAuthorizations(context).stream()
                                .filter(r ->
                                        !peer.is(CapifRole.AEF) || r.aefId().equals(peer.id()))
                                .toList());
    }

    /** The AEFs where the invoker has {@code apiId}, subscribed or in its context (for a revocation at every AEF). */
    private static List<String> aefsOf(InvokerView invoker, SecurityContext context, String apiId) {
        Set<String> aefs = new LinkedHashSet<>();
        invoker.apis().stream().filter(a -> a.apiId().equals(apiId)).forEach(a -> aefs.add(a.aefId()));
        SecurityContexts.entries(context).stream()
                .filter(e -> e.apiId().equals(apiId))
                .forEach(e -> aefs.add(e.aefId()));
        return List.copyOf(aefs);
    }

    /** The onboarded, active invoker, from memory or the database; 404 {@code API_INVOKER_NOT_FOUND} otherwise. */
    private Uni<InvokerView> knownInvoker(String apiInvokerId) {
        return state.invokerOrLoad(apiInvokerId).map(found -> found.filter(InvokerView::active)
                .orElseThrow(() -> CapifException.notFound(
                        Causes.API_INVOKER_NOT_FOUND, "No onboarded API invoker " + apiInvokerId + ".")));
    }

    /** A context as shown to one peer. */
    public record View(SecurityContext context, List<SecurityEntry> entries, InvokerView invoker) {}

    /**
     * The active invoker; an invoker peer asking about itself may have onboarded a moment ago, so its event is waited
     * for up to {@link #ONBOARDING_GRACE} (only the holder of that invoker's certificate can cause the wait).
     */
    private Uni<InvokerView> activeInvoker(AuthenticatedPeer peer, String apiInvokerId, int unknownStatus) {
        Duration grace =
                peer.is(CapifRole.INVOKER) && peer.id().equals(apiInvokerId) ? ONBOARDING_GRACE : Duration.ZERO;
        return state.invokerWithin(apiInvokerId, grace)
                .map(found -> Access.requireActive(peer, found.orElse(null), apiInvokerId, unknownStatus));
    }

    private void apply(SecurityContext context, ServiceSecurity body, List<SecurityEntry> entries, Instant now) {
        SecurityContexts.replaceEntries(context, entries, now, "SECURITY_CONTEXT_UPDATED");
        context.notificationDestination = body.notificationDestination();
        context.requestTestNotification = body.requestTestNotification();
        context.websocketUri = body.websockNotifConfig() == null
                ? null
                : body.websockNotifConfig().websocketUri();
        context.requestWebsocketUri = body.websockNotifConfig() == null
                ? null
                : body.websockNotifConfig().requestWebsocketUri();
        context.supportedFeatures = body.supportedFeatures();
        touch(context, now);
    }

    private static void touch(SecurityContext context, Instant now) {
        context.version++;
        context.updatedAt = now;
    }

    private Uni<Void> publish(SecurityContext context, SecurityEventType type) {
        return publish(context, type, List.of());
    }

    private Uni<Void> publish(SecurityContext context, SecurityEventType type, List<RevokedApi> revoked) {
        return Panache.getSession().chain(session -> session.flush()
                .chain(() -> AuthorizationState.notifyChange(session, context.apiInvokerId))
                .chain(() -> Outbox.append(session, events.of(context, type, revoked))));
    }

    /** After commit: refresh this replica at once and wake the relay. */
    private <T> Uni<T> changed(String apiInvokerId, Uni<T> transaction) {
        return transaction.call(() -> state.reload(apiInvokerId)).invoke(relay::wakeUp);
    }

    private static void validate(SecurityNotification body, String apiInvokerId) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (SecurityNotification) is required.",
                    new InvalidParam("/", "missing body"));
        }
        List<InvalidParam> missing = new java.util.ArrayList<>();
        if (body.apiInvokerId() == null) {
            missing.add(new InvalidParam("/apiInvokerId", "mandatory"));
        }
        if (body.apiIds() == null || body.apiIds().isEmpty()) {
            missing.add(new InvalidParam("/apiIds", "mandatory, at least one"));
        }
        if (body.cause() == null || body.cause().isBlank()) {
            missing.add(new InvalidParam("/cause", "mandatory"));
        }
        if (!missing.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing.", missing);
        }
        if (!Objects.equals(body.apiInvokerId(), apiInvokerId) || body.apiIds().contains(null)) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "apiInvokerId must equal the invoker in the URI, and apiIds must not contain null.",
                    new InvalidParam("/apiInvokerId", "does not match the URI"));
        }
        AuthorizationGrant.validateIds(body.aefId(), body.apiIds());
    }
}
