package org.capif.events.view;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Thumbprints;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.events.EventsConfig;

/**
 * Authenticates the parties of event management by the views of the other services: an invoker certificate counts
 * only while the invoker is onboarded with exactly that certificate, an AEF, APF or AMF certificate only while its
 * function is registered with it (the same rule as {@link org.capif.common.provider.RegisteredFunctionFilter}, from
 * this service's database rather than memory, since each replica consumes only part of the topics). A party the views
 * do not know yet (its onboarding or registration a moment ago) is waited for up to
 * {@code capif.events.subscriber-grace}; only the holder of its certificate can cause that wait.
 */
@ApplicationScoped
public class Peers {

    /** An authenticated party, with the API provider domain of a provider function (null for an invoker). */
    public record Party(String id, CapifRole role, String domainId) {}

    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }

    private static final Party REFUSED = new Party(null, null, null);

    private final Pool pool;
    private final Duration grace;

    public Peers(Pool pool, EventsConfig config) {
        this.pool = pool;
        this.grace = config.events().subscriberGrace();
    }

    /** The party the certificate proves; 401 {@code CLIENT_CERTIFICATE_INVALID} if it is not a current one. */
    public Uni<Party> current(AuthenticatedPeer peer) {
        Uni<Optional<Party>> lookup = Uni.createFrom().deferred(() -> find(peer));
        return lookup.map(found -> found.orElseThrow(NotYet::new))
                .onFailure(NotYet.class)
                .retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofMillis(250))
                .expireIn(grace.toMillis())
                .onFailure(NotYet.class)
                .transform(e -> invalid(peer))
                .invoke(party -> {
                    if (party == REFUSED) {
                        throw invalid(peer);
                    }
                });
    }

    /**
     * Empty if the views do not know the party yet; {@link #REFUSED} if they know it under another certificate or as
     * offboarded (refused at once, without waiting).
     */
    private Uni<Optional<Party>> find(AuthenticatedPeer peer) {
        if (peer.is(CapifRole.INVOKER)) {
            return Views.invoker(pool, peer.id())
                    .map(found -> found.map(
                            i -> "ACTIVE".equals(i.status()) && Thumbprints.matches(i.thumbprint(), peer.thumbprint())
                                    ? new Party(i.id(), CapifRole.INVOKER, null)
                                    : REFUSED));
        }
        return Views.function(pool, peer.id())
                .map(found ->
                        found.map(f -> f.role().equals(peer.identity().role().name())
                                        && Thumbprints.matches(f.thumbprint(), peer.thumbprint())
                                ? new Party(f.id(), peer.identity().role(), f.domainId())
                                : REFUSED));
    }

    private static CapifException invalid(AuthenticatedPeer peer) {
        return CapifException.unauthorized(
                Causes.CLIENT_CERTIFICATE_INVALID,
                "The client certificate is not the current certificate of an onboarded invoker or registered "
                        + peer.identity().role().name() + " (offboarded, removed, deregistered or replaced).",
                null);
    }
}
