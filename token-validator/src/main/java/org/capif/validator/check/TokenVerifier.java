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
import org.capif.common.jose.AccessTokenJws;
import org.capif.common.jose.TokenRefusal;
import org.capif.common.jose.TokenRefusedException;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.jwks.JwksKeys;
import org.capif.validator.state.Reason;

/**
 * The first checks, in order, fail closed, run by jose4j behind {@link AccessTokenJws}: the token is at most 8192
 * characters of exactly three canonical base64url parts (no padding, no stray bits, so a token has one string) with a
 * JSON header without duplicate members ({@code TOKEN_MALFORMED}); header {@code typ} is exactly {@code at+jwt}
 * ({@code WRONG_TOKEN_TYPE}); header {@code alg} is exactly ES256, the only algorithm on the allow-list, so
 * {@code none} and HMAC with the public key are refused before any key is touched ({@code ALGORITHM_NOT_ALLOWED}); no
 * {@code crit} or {@code b64} ({@code UNSUPPORTED_CRITICAL_HEADER}); {@code kid} a string ({@code TOKEN_MALFORMED})
 * naming a key of the JWK Set, refreshed once if unknown ({@code UNKNOWN_KEY}; also without a kid, as embedded
 * {@code jwk}/{@code x5c} and remote {@code jku}/{@code x5u} keys are never used); the signature is a low-S ES256
 * signature that verifies under that P-256 key ({@code BAD_SIGNATURE}); the claims are a complete access token claim
 * set of the right types ({@code TOKEN_MALFORMED}).
 *
 * <p>Verified tokens are cached (bounded, keyed by the SHA-256 of the whole token, until expiry), so a token reused
 * for many invocations pays the signature cost once; as only the canonical string of a token is accepted, no variant
 * of a token can miss the cache or a deny list keyed on it. Every other check still runs on every decision, and a cached
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
        if (token == null || token.isEmpty() || token.length() > AccessTokenJws.MAX_LENGTH) {
            return Uni.createFrom().item(Verification.denied(Reason.TOKEN_MALFORMED));
        }
        ByteBuffer key = ByteBuffer.wrap(sha256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
        Verified cached = verified.getIfPresent(key);
        if (cached != null) {
            if (keys.stillPublished(cached.kid(), cached.key())) {
                return Uni.createFrom().item(new Verification(cached.claims(), Reason.OK));
            }
            verified.invalidate(key); // its key is gone or replaced: verify afresh (UNKNOWN_KEY or BAD_SIGNATURE)
        }
        AccessTokenJws jws;
        try {
            jws = AccessTokenJws.parse(token);
        } catch (TokenRefusedException e) {
            return Uni.createFrom().item(Verification.denied(reason(e.refusal())));
        }
        if (jws.kid() == null) {
            return Uni.createFrom().item(Verification.denied(Reason.UNKNOWN_KEY));
        }
        return keys.key(jws.kid()).map(publicKey -> {
            if (publicKey == null) {
                return Verification.denied(Reason.UNKNOWN_KEY);
            }
            if (!jws.verifies(publicKey)) {
                return Verification.denied(Reason.BAD_SIGNATURE);
            }
            AccessTokenClaims claims;
            try {
                claims = jws.claims();
            } catch (TokenRefusedException e) {
                return Verification.denied(Reason.TOKEN_MALFORMED);
            }
            verified.put(key, new Verified(claims, jws.kid(), publicKey));
            return new Verification(claims, Reason.OK);
        });
    }

    /** The validator's reason for a refusal of the JOSE checks (same order, same meaning). */
    static Reason reason(TokenRefusal refusal) {
        return switch (refusal) {
            case MALFORMED -> Reason.TOKEN_MALFORMED;
            case WRONG_TYPE -> Reason.WRONG_TOKEN_TYPE;
            case ALGORITHM_NOT_ALLOWED -> Reason.ALGORITHM_NOT_ALLOWED;
            case UNSUPPORTED_CRITICAL_HEADER -> Reason.UNSUPPORTED_CRITICAL_HEADER;
            case UNKNOWN_KEY -> Reason.UNKNOWN_KEY;
            case BAD_SIGNATURE -> Reason.BAD_SIGNATURE;
        };
    }

    public long cachedTokens() {
        return verified.estimatedSize();
    }
}
