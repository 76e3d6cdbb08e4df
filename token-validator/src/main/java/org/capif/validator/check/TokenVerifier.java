package org.capif.validator.check;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.TimeUnit;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.common.jose.MalformedTokenException;
import org.capif.common.jose.SignedToken;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.jwks.JwksKeys;
import org.capif.validator.state.Reason;

/**
 * The first checks, in order, fail closed: the token parses as a bounded JWS ({@code TOKEN_MALFORMED}); header
 * {@code typ} is {@code at+jwt} ({@code WRONG_TOKEN_TYPE}); header {@code alg} is ES256, the only algorithm on the
 * allow-list, so {@code none} and HMAC with the public key are refused before any key is touched
 * ({@code ALGORITHM_NOT_ALLOWED}); {@code kid} names a key of the JWK Set, refreshed once if unknown
 * ({@code UNKNOWN_KEY}); the signature verifies ({@code BAD_SIGNATURE}); the claims are a complete access token claim
 * set ({@code TOKEN_MALFORMED}).
 *
 * <p>Verified tokens are cached (bounded, keyed by the SHA-256 of the whole token, until expiry), so a token reused
 * for many invocations pays the signature cost once; every other check still runs on every decision, and a cached
 * token counts as verified only while the very key that verified it is still published under its kid (a key withdrawn
 * from the JWK Set or replaced under the same kid, after a compromise say, takes its tokens with it at the next
 * refresh).
 */
@ApplicationScoped
public class TokenVerifier {

    /** A verification result: claims, or the reason the token was refused. */
    public record Verification(AccessTokenClaims claims, Reason reason) {
        static Verification denied(Reason reason) {
            return new Verification(null, reason);
        }
    }

    /** A cache entry: the claims of a token whose signature verified with {@code key}, published as {@code kid}. */
    private record Verified(AccessTokenClaims claims, String kid, ECPublicKey key) {}

    private final JwksKeys keys;
    private final Cache<ByteBuffer, Verified> verified;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public TokenVerifier(JwksKeys keys, ValidatorConfig config) {
        this.keys = keys;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.token().cacheSize())
                .expireAfter(new Expiry<ByteBuffer, Verified>() {
                    @Override
                    public long expireAfterCreate(ByteBuffer key, Verified entry, long now) {
                        long seconds = entry.claims().exp() - System.currentTimeMillis() / 1000 + 60;
                        return TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
                    }

                    @Override
                    public long expireAfterUpdate(ByteBuffer key, Verified v, long now, long current) {
                        return current;
                    }

                    @Override
                    public long expireAfterRead(ByteBuffer key, Verified v, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    public Uni<Verification> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > SignedToken.MAX_LENGTH) {
            return Uni.createFrom().item(Verification.denied(Reason.TOKEN_MALFORMED));
        }
        ByteBuffer key = ByteBuffer.wrap(sha256.get().digest(token.getBytes(StandardCharsets.US_ASCII)));
        Verified cached = verified.getIfPresent(key);
        if (cached != null) {
            if (keys.stillPublished(cached.kid(), cached.key())) {
                return Uni.createFrom().item(new Verification(cached.claims(), Reason.OK));
            }
            verified.invalidate(key); // its key is gone or replaced: verify afresh (UNKNOWN_KEY or BAD_SIGNATURE)
        }
        SignedToken jws;
        try {
            jws = SignedToken.parse(token);
        } catch (MalformedTokenException e) {
            return Uni.createFrom().item(Verification.denied(Reason.TOKEN_MALFORMED));
        }
        if (!"at+jwt".equals(jws.header("typ"))) {
            return Uni.createFrom().item(Verification.denied(Reason.WRONG_TOKEN_TYPE));
        }
        if (!"ES256".equals(jws.header("alg"))) {
            return Uni.createFrom().item(Verification.denied(Reason.ALGORITHM_NOT_ALLOWED));
        }
        return keys.key(jws.header("kid")).map(publicKey -> {
            if (publicKey == null) {
                return Verification.denied(Reason.UNKNOWN_KEY);
            }
            if (!jws.verifyEs256(publicKey)) {
                return Verification.denied(Reason.BAD_SIGNATURE);
            }
            AccessTokenClaims claims;
            try {
                claims = jws.claims();
            } catch (MalformedTokenException e) {
                return Verification.denied(Reason.TOKEN_MALFORMED);
            }
            verified.put(key, new Verified(claims, jws.header("kid"), publicKey));
            return new Verification(claims, Reason.OK);
        });
    }

    public long cachedTokens() {
        return verified.estimatedSize();
    }
}
