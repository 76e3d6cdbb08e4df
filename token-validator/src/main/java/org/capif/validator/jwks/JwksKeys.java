package org.capif.validator.jwks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.af.AuthorizationFunctionClient;
import org.jboss.logging.Logger;

/**
 * The authorization function's verification keys, fetched over mutual TLS from its JWK Set and cached. Only EC P-256
 * keys for ES256 are kept (any other key type or algorithm in the set is ignored, so an RSA or symmetric key can
 * never verify a token). The set is refreshed periodically, and on demand when a token names an unknown {@code kid},
 * at most once per {@code min-refresh-interval}; concurrent demands share one fetch.
 */
@ApplicationScoped
public class JwksKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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
        ECPublicKey known = keys.get(kid);
        if (known != null || kid == null) {
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
                    return parse(response.bodyAsString());
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

    /** The EC P-256 ES256 keys of a JWK Set; everything else is ignored. */
    static Map<String, ECPublicKey> parse(String jwks) {
        try {
            JsonNode set = JSON.readTree(jwks);
            Map<String, ECPublicKey> out = new HashMap<>();
            ECParameterSpec p256 = p256();
            for (JsonNode k : set.path("keys")) {
                boolean ecP256 = "EC".equals(k.path("kty").asText())
                        && "P-256".equals(k.path("crv").asText());
                boolean es256 = !k.has("alg") || "ES256".equals(k.path("alg").asText());
                if (!ecP256 || !es256 || !k.hasNonNull("kid") || !k.hasNonNull("x") || !k.hasNonNull("y")) {
                    continue;
                }
                ECPoint w = new ECPoint(
                        new BigInteger(
                                1, Base64.getUrlDecoder().decode(k.get("x").asText())),
                        new BigInteger(
                                1, Base64.getUrlDecoder().decode(k.get("y").asText())));
                out.put(k.get("kid").asText(), (ECPublicKey)
                        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256)));
            }
            return Map.copyOf(out);
        } catch (Exception e) {
            throw new IllegalStateException("invalid JWK Set: " + e.getMessage(), e);
        }
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        return params.getParameterSpec(ECParameterSpec.class);
    }
}
