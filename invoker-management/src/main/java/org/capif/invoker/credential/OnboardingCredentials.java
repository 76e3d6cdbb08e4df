package org.capif.invoker.credential;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.capif.common.cert.Pem;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.invoker.InvokerManagementConfig;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Onboarding credentials (TS 33.122 §6.1 and Annex B.1: an OAuth 2.0-style JWT with a JWS signature) that the operator
 * hands an invoker before it onboards. Minting signs with the operator's ES256 key; verification checks, in order:
 * JWS signature with the configured public key and algorithm ES256 only, {@code iss}, {@code aud}, {@code exp} with
 * {@link #CLOCK_SKEW}, {@code iat} present and lifetime within the maximum, {@code jti} present. That a credential is
 * used only once is enforced by the onboarding transaction (table {@code used_onboarding_credential}).
 */
@ApplicationScoped
public class OnboardingCredentials {

    /** Leeway for clocks of operator tooling that minted the credential (TS 33.122 Annex C: at most 30 s). */
    public static final int CLOCK_SKEW_SECONDS = 30;

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(CLOCK_SKEW_SECONDS);
    private static final Logger LOG = Logger.getLogger(OnboardingCredentials.class);

    /** A credential the operator just minted. */
    public record Minted(String credential, String jti, String subject, Instant expiresAt) {}

    /** A presented credential that verified. */
    public record Verified(String jti, String subject, Instant expiresAt) {}

    private final PrivateKey signingKey;
    private final JWTParser parser;
    private final InvokerManagementConfig.Credential config;
    private final Clock clock;

    public OnboardingCredentials(InvokerManagementConfig config, Clock clock) {
        this.config = config.credential();
        this.clock = clock;
        this.signingKey = Pem.privateKey(Pem.read(this.config.signingKey()));
        JWTAuthContextInfo info =
                new JWTAuthContextInfo(publicKey(Pem.read(this.config.verificationKey())), this.config.issuer());
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        info.setExpectedAudience(Set.of(this.config.audience()));
        info.setClockSkew(CLOCK_SKEW_SECONDS);
        info.setMaxTimeToLiveSecs(this.config.maxLifetime().toSeconds());
        info.setRequiredClaims(Set.of("jti", "iat", "exp", "sub"));
        this.parser = new DefaultJWTParser(info);
    }

    /** Mints a single-use credential for the named subject (a label the operator chooses for the invoker). */
    public Minted mint(String subject, Duration lifetime) {
        Duration effective = lifetime == null ? config.defaultLifetime() : lifetime;
        if (effective.isNegative() || effective.isZero() || effective.compareTo(config.maxLifetime()) > 0) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "lifetime must be between 1 s and " + config.maxLifetime().toSeconds() + " s.",
                    new org.capif.common.problem.InvalidParam("/lifetimeSeconds", "out of range"));
        }
        Instant now = clock.instant();
        Instant exp = now.plus(effective);
        String jti = UUID.randomUUID().toString();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(subject)
                .claim("jti", jti)
                .issuedAt(now)
                .expiresAt(exp)
                .jws()
                .algorithm(SignatureAlgorithm.ES256)
                .sign(signingKey);
        LOG.infof("minted onboarding credential jti=%s for %s, expires %s", jti, subject, exp);
        return new Minted(token, jti, subject, exp);
    }

    /** Verifies a presented credential; 401 {@code CREDENTIAL_INVALID} for anything wrong with it. */
    public Verified verify(String credential) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(credential);
        } catch (ParseException e) {
            LOG.debugf("onboarding credential refused: %s", e.getMessage());
            throw invalid("The onboarding credential is malformed, forged, expired or not meant for this service.");
        }
        Instant iat = Instant.ofEpochSecond(jwt.getIssuedAtTime());
        if (iat.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw invalid("The onboarding credential is issued in the future.");
        }
        return new Verified(jwt.getTokenID(), jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    private static CapifException invalid(String detail) {
        return CapifException.unauthorized(Causes.CREDENTIAL_INVALID, detail, "Bearer error=\"invalid_token\"");
    }

    static PublicKey publicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o instanceof SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
            if (o instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
                return new JcaPEMKeyConverter().getPublicKey(holder.getSubjectPublicKeyInfo());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("credential verification key must be a PEM public key or certificate");
    }
}
