package org.capif.authz.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.capif.authz.AuthorizationConfig;
import org.capif.authz.key.SigningKeys;
import org.capif.common.jose.EcdsaSignatures;
import org.capif.common.scope.CapifScope;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

/**
 * Issues access tokens (TS 33.122 Annex C.2, RFC 9068 profile): a JWS compact serialization, ES256, header
 * {@code {"alg":"ES256","typ":"at+jwt","kid":...}}, claims {@code iss}, {@code sub} and {@code client_id} (the API
 * invoker ID), {@code aud} (the AEF ids of the scope), {@code scope}, {@code iat}, {@code exp}, {@code jti} and
 * {@code cnf.x5t#S256} (RFC 8705 §3.1 certificate binding).
 *
 * <p>The JSON is written directly: every value but the configured issuer is drawn from a restricted alphabet (ids,
 * scope, numbers, base64url), and the issuer is escaped once at startup. Signing uses the first JCA provider, the
 * native one where installed, with one {@link Signature} per thread; the signature is converted to R||S by jose4j and
 * put in its low-S form ({@link EcdsaSignatures#toLowS}), the only one validators accept. This hand serializer stays
 * because building the same token with jose4j costs about 20% of the CPU a token costs at peak issuance
 * ({@code IssuanceSerializerBench}, {@code docs/decisions.md} D9); {@code AccessTokenIssuerTest} proves jose4j reads
 * every token it writes to exactly the claims it meant.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /** A signed token and what the response and the log need of it. */
    public record Issued(String token, String jti, Instant expiresAt, long expiresIn) {}

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    private final String issuerJson;
    private final Duration lifetime;
    private final ThreadLocal<Signer> signers = new ThreadLocal<>();

    @Inject
    public AccessTokenIssuer(SigningKeys keys, AuthorizationConfig config, ObjectMapper json) {
        this(keys, config.token().issuer(), config.token().lifetime(), json);
    }

    AccessTokenIssuer(SigningKeys keys, String issuer, Duration lifetime, ObjectMapper json) {
        this.keys = keys;
        this.lifetime = lifetime;
        try {
            this.issuerJson = json.writeValueAsString(issuer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Issued issue(String apiInvokerId, CapifScope scope, String thumbprint, Instant now) {
        long iat = now.getEpochSecond();
        long exp = iat + lifetime.toSeconds();
        String jti = UUID.randomUUID().toString();
        StringBuilder claims = new StringBuilder(256)
                .append("{\"iss\":")
                .append(issuerJson)
                .append(",\"sub\":\"")
                .append(apiInvokerId)
                .append("\",\"client_id\":\"")
                .append(apiInvokerId)
                .append("\",\"aud\":[");
        boolean first = true;
        for (String aef : scope.aefIds()) {
            if (!first) {
                claims.append(',');
            }
            first = false;
            claims.append('"').append(aef).append('"');
        }
        claims.append("],\"scope\":\"")
                .append(scope)
                .append("\",\"iat\":")
                .append(iat)
                .append(",\"exp\":")
                .append(exp)
                .append(",\"jti\":\"")
                .append(jti)
                .append("\",\"cnf\":{\"x5t#S256\":\"")
                .append(thumbprint)
                .append("\"}}");
        Signer signer = signer();
        String signingInput =
                signer.header + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return new Issued(signingInput + "." + signer.sign(signingInput), jti, Instant.ofEpochSecond(exp), exp - iat);
    }

    private Signer signer() {
        SigningKeys.SigningKey active = keys.active();
        Signer signer = signers.get();
        if (signer == null || signer.key != active) {
            signer = new Signer(active);
            signers.set(signer);
        }
        return signer;
    }

    /** A thread's signature engine for one key, with the key's precomputed header. */
    private static final class Signer {
        final SigningKeys.SigningKey key;
        final String header;
        final Signature signature;

        Signer(SigningKeys.SigningKey key) {
            this.key = key;
            this.header = B64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            try {
                this.signature = Signature.getInstance("SHA256withECDSA");
                this.signature.initSign(key.privateKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot initialise ES256 signing", e);
            }
        }

        /** The low-S R||S signature, base64url: validators accept no other form (one string per token). */
        String sign(String signingInput) {
            try {
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                byte[] rs = EcdsaUsingShaAlgorithm.convertDerToConcatenated(signature.sign(), 64);
                return B64.encodeToString(EcdsaSignatures.toLowS(rs));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("ES256 signing failed", e);
            }
        }
    }
}
