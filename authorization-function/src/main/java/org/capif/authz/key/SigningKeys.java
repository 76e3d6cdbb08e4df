package org.capif.authz.key;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.capif.authz.AuthorizationConfig;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.Pem;
import org.capif.common.jose.Es256JwkSet;
import org.capif.common.jose.P256;
import org.jboss.logging.Logger;

/**
 * The token signing keys (ES256, see {@code docs/decisions.md}): every {@code <kid>.key} file of the key directory is
 * published in the JWK Set, and the one named by the {@code active-kid} file signs. The directory is re-read
 * periodically, so keys rotate without downtime: add the new key (published at once, so validators can fetch it
 * before they see tokens signed with it), then switch {@code active-kid}, then remove the old key after the token
 * lifetime. A directory that cannot be read or is inconsistent keeps the previous keys in use and is logged.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String ACTIVE = "active-kid";

    /** One key: its id and key pair. */
    public record SigningKey(String kid, ECPrivateKey privateKey, ECPublicKey publicKey) {}

    /** A consistent set of keys: the signer and what is published. */
    private record KeySet(SigningKey active, Map<String, SigningKey> all, String jwks) {}

    private final Path dir;
    private final long reloadMillis;
    private volatile KeySet keys;
    private ScheduledExecutorService reloader;

    public SigningKeys(AuthorizationConfig config) {
        this.dir = config.token().keysDir();
        this.reloadMillis = config.token().keyReloadPeriod().toMillis();
        this.keys = load(dir);
        LOG.infof(
                "token signing keys: active %s, published %s",
                keys.active().kid(), keys.all().keySet());
    }

    void start(@Observes StartupEvent event) {
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capif-signing-key-reload");
            t.setDaemon(true);
            return t;
        });
        reloader.scheduleWithFixedDelay(this::reload, reloadMillis, reloadMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    public SigningKey active() {
        return keys.active();
    }

    /** A published key by id, or null. */
    public SigningKey published(String kid) {
        return kid == null ? null : keys.all().get(kid);
    }

    /** The public JWK Set (RFC 7517) of every published key. */
    public String jwks() {
        return keys.jwks();
    }

    /** Re-reads the directory now (also used by tests). */
    public void reload() {
        try {
            KeySet next = load(dir);
            KeySet previous = keys;
            keys = next;
            if (!next.all().keySet().equals(previous.all().keySet())
                    || !next.active().kid().equals(previous.active().kid())) {
                LOG.infof(
                        "token signing keys changed: active %s, published %s",
                        next.active().kid(), next.all().keySet());
            }
        } catch (RuntimeException e) {
            LOG.errorf("token signing keys not reloaded, keeping the previous ones: %s", e.getMessage());
        }
    }

    static KeySet load(Path dir) {
        Map<String, SigningKey> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".key")) {
                    continue;
                }
                String kid = name.substring(0, name.length() - 4);
                if (!CapifIdentity.ID_PATTERN.matcher(kid).matches()) {
                    throw new IllegalStateException("invalid key id in file name " + name);
                }
                all.put(kid, key(kid, Pem.privateKey(Pem.read(file))));
            }
            String activeKid = Files.readString(dir.resolve(ACTIVE)).strip();
            SigningKey active = all.get(activeKid);
            if (active == null) {
                throw new IllegalStateException("active-kid names " + activeKid + ", which has no key file in " + dir);
            }
            return new KeySet(
                    active, Map.copyOf(all), jwks(all.values().stream().toList()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read signing keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static SigningKey key(String kid, PrivateKey key) {
        // by the curve's parameters, not its field size: another 256-bit curve would be published as P-256
        if (!(key instanceof ECPrivateKey ec) || !P256.is(ec)) {
            throw new IllegalStateException("signing key " + kid + " must be an EC P-256 key (ES256)");
        }
        try {
            var spec = EC5Util.convertSpec(ec.getParams());
            var q = spec.getG().multiply(ec.getS()).normalize();
            ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(
                            new java.security.spec.ECPoint(
                                    q.getAffineXCoord().toBigInteger(),
                                    q.getAffineYCoord().toBigInteger()),
                            ec.getParams()));
            return new SigningKey(kid, ec, pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key of " + kid, e);
        }
    }

    /** The public JWK Set (RFC 7517) of the keys, written by jose4j: public parts only. */
    private static String jwks(List<SigningKey> keys) {
        Map<String, ECPublicKey> published = new LinkedHashMap<>();
        keys.forEach(k -> published.put(k.kid(), k.publicKey()));
        return Es256JwkSet.write(published);
    }
}
