package org.capif.validator.jwks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.Map;
import org.capif.common.jose.Es256JwkSet;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.af.AuthorizationFunctionClient;
import org.jboss.logging.Logger;

/**
 * The authorization function's verification keys, fetched over mutual TLS from its JWK Set and cached. Only keys that
 * may verify ES256 are kept ({@link Es256JwkSet}: EC on P-256 by the curve's parameters, the point on the curve, a
 * unique string kid; any other key type, curve or algorithm in the set is ignored, so an RSA, symmetric or off-curve
 * key can never verify a token). The set is refreshed periodically, and on demand when a token names an unknown {@code kid},
 * at most once per {@code min-refresh-interval}; concurrent demands share one fetch.
 */
@ApplicationScoped
public class JwksKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class);

    private final Vertx vertx;
    private final ValidatorConfig.Jwks config;
    private final AuthorizationFunctionClient af;
    private Uni<Void> inFlight;
    private volatile Map<String, ECPublicKey> keys = Map.of();
    private volatile long lastFetch;
    private volatile boolean loaded;
    private long timer = -1;

    public JwksKeys(Vertx vertx, ValidatorConfig config, AuthorizationFunctionClient af) {
        this.vertx = vertx;
        this.config = config.jwks();
        this.af = af;
    }

    void start(@Observes StartupEvent event) {
        fetchUntilLoaded();
        timer = vertx.setPeriodic(
                config.refreshPeriod().toMillis(), id -> refresh().subscribe().with(v -> {}, e -> {}));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public boolean loaded() {
        return loaded;
    }

    /**
     * The fetched set, holding on to the key objects already known for unchanged keys, so that
     * {@link #stillPublished} is an identity comparison on the hot path, not an encoding per decision.
     */
    private static Map<String, ECPublicKey> keepingInstances(
            Map<String, ECPublicKey> fetched, Map<String, ECPublicKey> known) {
        Map<String, ECPublicKey> result = new HashMap<>(fetched);
        result.replaceAll((kid, key) -> key.equals(known.get(kid)) ? known.get(kid) : key);
        return Map.copyOf(result);
    }

    /**
     * True if the last fetched key set still publishes exactly this key under {@code kid}: a withdrawn key, or one
     * replaced under the same kid, no longer vouches for anything it verified before.
     */
    public boolean stillPublished(String kid, ECPublicKey key) {
        ECPublicKey current = kid == null ? null : keys.get(kid);
        return current == key || (current != null && current.equals(key));
    }

    /** The key, from the cache or, for an unknown kid, after one (rate-limited) refresh; null if there is none. */
    public Uni<ECPublicKey> key(String kid) {
        if (kid == null) {
            return Uni.createFrom().nullItem(); // the set is an immutable map, which throws on a null key
        }
        ECPublicKey known = keys.get(kid);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (System.currentTimeMillis() - lastFetch < config.minRefreshInterval().toMillis()) {
            return Uni.createFrom().nullItem();
        }
        return refresh().onFailure().recoverWithNull().map(v -> keys.get(kid));
    }

    /** Fetches the key set now; concurrent callers share one fetch. */
    public synchronized Uni<Void> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        Uni<Void> fetch = af.jwks()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("JWK Set answered " + response.statusCode());
                    }
                    return keys(response.bodyAsString());
                })
                .invoke(parsed -> {
                    if (!parsed.keySet().equals(keys.keySet())) {
                        LOG.infof("verification keys: %s", parsed.keySet());
                    }
                    keys = keepingInstances(parsed, keys);
                    loaded = true;
                })
                .onTermination()
                .invoke(this::fetched)
                .replaceWithVoid()
                .memoize()
                .indefinitely();
        inFlight = fetch;
        return fetch;
    }

    private synchronized void fetched() {
        lastFetch = System.currentTimeMillis();
        inFlight = null;
    }

    private void fetchUntilLoaded() {
        refresh().subscribe().with(v -> {}, e -> {
            LOG.warnf("JWK Set not fetched yet (%s); retrying", e.toString());
            vertx.setTimer(2000, id -> fetchUntilLoaded());
        });
    }

    /** The ES256 verification keys of a JWK Set, read by jose4j ({@link Es256JwkSet}: P-256 by curve, point on it). */
    private static Map<String, ECPublicKey> keys(String jwks) {
        try {
            return Es256JwkSet.read(jwks);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid JWK Set: " + e.getMessage());
        }
    }
}
