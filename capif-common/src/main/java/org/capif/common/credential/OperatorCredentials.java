package org.capif.common.credential;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.Pem;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Single-use credentials the operator hands out before a party may enrol (TS 33.122 §6.1 and Annex B.1: an OAuth
 * 2.0-style JWT with a JWS signature): the invoker onboarding credential and the API provider registration credential
 * ({@code regSec}, TS 29.222 §8.9). Each purpose has its own audience, so a credential minted for one can never be
 * used for the other. Minting signs with the operator's ES256 key; verification (SmallRye JWT on jose4j) checks, in
 * order: JWS signature with the configured public key and algorithm ES256 only, {@code iss}, {@code aud}, {@code exp}
 * with {@link #CLOCK_SKEW_SECONDS}, {@code iat} present and not in the future, lifetime within the maximum, {@code jti}
 * and {@code sub} present. That a credential is used only once is the enrolling service's job (a ledger of spent
 * {@code jti}s written in the enrolment's transaction).
 */
public final class OperatorCredentials {

    /** Leeway for clocks of operator tooling that minted the credential (TS 33.122 Annex C: at most 30 s). */
    public static final int CLOCK_SKEW_SECONDS = 30;

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(CLOCK_SKEW_SECONDS);
    private static final Logger LOG = Logger.getLogger(OperatorCredentials.class);

    /**
     * What a service needs to mint and verify one kind of credential.
     *
     * @param purpose what the credential is for, in words ("onboarding", "registration"): used in answers and logs
     * @param signingKey PEM file of the operator's EC P-256 private key
     * @param verificationKey PEM file of the matching public key (or a certificate carrying it)
     * @param issuer the {@code iss} of minted and accepted credentials
     * @param audience the {@code aud} of minted and accepted credentials (one per purpose)
     * @param defaultLifetime lifetime of minted credentials when none is asked for
     * @param maxLifetime longest lifetime minted or accepted
     */
    public record Settings(
            String purpose,
            Path signingKey,
            Path verificationKey,
            String issuer,
            String audience,
            Duration defaultLifetime,
            Duration maxLifetime) {}

    /**
     * A credential the operator just minted, to hand to the party out of band (also the admin API's answer).
     *
     * @param credential the signed JWT
     * @param jti its identifier
     * @param subject the label it was minted for
     * @param expiresAt when it stops being accepted
     */
    public record Minted(String credential, String jti, String subject, Instant expiresAt) {}

    /**
     * A presented credential that verified.
     *
     * @param defaultApis the subscription the operator chose for an onboarding that names no APIs (claim
     *     {@value #DEFAULT_APIS_CLAIM}): API ids, {@code apiName}, {@code apiName@aefId}, or {@code *} for every API
     *     published at that moment; empty when the credential carries none
     */
    public record Verified(String jti, String subject, Instant expiresAt, List<String> defaultApis) {}

    /** The claim carrying a default subscription (our extension; onboarding credentials only). */
    public static final String DEFAULT_APIS_CLAIM = "capif_default_apis";

    /** Most entries of a default subscription. */
    static final int MAX_DEFAULT_APIS = 100;

    private final Settings settings;
    private final PrivateKey signingKey;
    private final JWTParser parser;
    private final Clock clock;

    public OperatorCredentials(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.signingKey = Pem.privateKey(Pem.read(settings.signingKey()));
        JWTAuthContextInfo info =
                new JWTAuthContextInfo(publicKey(Pem.read(settings.verificationKey())), settings.issuer());
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        info.setExpectedAudience(Set.of(settings.audience()));
        info.setClockSkew(CLOCK_SKEW_SECONDS);
        info.setMaxTimeToLiveSecs(settings.maxLifetime().toSeconds());
        info.setRequiredClaims(Set.of("jti", "iat", "exp", "sub"));
        this.parser = new DefaultJWTParser(info);
    }

    /**
     * Mints a credential as the operator asked in the admin API: the subject defaults to {@code unnamed} and must be a
     * CAPIF identifier (400 otherwise), the lifetime to the configured default.
     */
    public Minted mint(CredentialRequest request) {
        String subject = request == null || request.subject() == null ? "unnamed" : request.subject();
        if (!CapifIdentity.ID_PATTERN.matcher(subject).matches()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "subject must match " + CapifIdentity.ID_PATTERN.pattern() + ".",
                    new InvalidParam("/subject", "invalid characters or length"));
        }
        Duration lifetime = request == null || request.lifetimeSeconds() == null
                ? null
                : Duration.ofSeconds(request.lifetimeSeconds());
        List<String> apis = request == null || request.defaultApis() == null ? List.of() : request.defaultApis();
        checkDefaultApis(apis);
        return mint(subject, lifetime, apis);
    }

    /** 400 unless {@code apis} is a valid default subscription (see {@link Verified#defaultApis}). */
    public static void checkDefaultApis(List<String> apis) {
        if (apis.size() > MAX_DEFAULT_APIS
                || apis.stream()
                        .anyMatch(a -> a == null || !DEFAULT_API.matcher(a).matches())) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "defaultApis must list at most " + MAX_DEFAULT_APIS + " API ids, apiName or apiName@aefId entries,"
                            + " or *.",
                    new InvalidParam("/defaultApis", "invalid entry or too many"));
        }
    }

    /** An entry of a default subscription: {@code *}, an identifier, or {@code identifier@identifier}. */
    private static final java.util.regex.Pattern DEFAULT_API =
            java.util.regex.Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,127}(@[A-Za-z0-9][A-Za-z0-9._-]{0,127})?");

    /** Mints a single-use credential for the named subject (a label the operator chooses for the party to be). */
    public Minted mint(String subject, Duration lifetime) {
        return mint(subject, lifetime, List.of());
    }

    /** Mints a single-use credential that also carries a default subscription (see {@link Verified#defaultApis}). */
    public Minted mint(String subject, Duration lifetime, List<String> defaultApis) {
        Duration effective = lifetime == null ? settings.defaultLifetime() : lifetime;
        if (effective.isNegative() || effective.isZero() || effective.compareTo(settings.maxLifetime()) > 0) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "lifetime must be between 1 s and " + settings.maxLifetime().toSeconds() + " s.",
                    new InvalidParam("/lifetimeSeconds", "out of range"));
        }
        Instant now = clock.instant();
        Instant exp = now.plus(effective);
        String jti = UUID.randomUUID().toString();
        var builder = Jwt.issuer(settings.issuer())
                .audience(settings.audience())
                .subject(subject)
                .claim("jti", jti)
                .issuedAt(now)
                .expiresAt(exp);
        if (!defaultApis.isEmpty()) {
            builder.claim(DEFAULT_APIS_CLAIM, defaultApis);
        }
        String token = builder.jws().algorithm(SignatureAlgorithm.ES256).sign(signingKey);
        LOG.infof("minted %s credential jti=%s for %s, expires %s", settings.purpose(), jti, subject, exp);
        return new Minted(token, jti, subject, exp);
    }

    /** Verifies a presented credential; 401 {@code CREDENTIAL_INVALID} for anything wrong with it. */
    public Verified verify(String credential) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(credential);
        } catch (ParseException | RuntimeException e) {
            LOG.debugf("%s credential refused: %s", settings.purpose(), e.getMessage());
            throw invalid("The " + settings.purpose()
                    + " credential is malformed, forged, expired or not meant for this service.");
        }
        Instant iat = Instant.ofEpochSecond(jwt.getIssuedAtTime());
        if (iat.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw invalid("The " + settings.purpose() + " credential is issued in the future.");
        }
        return new Verified(
                jwt.getTokenID(), jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime()), defaultApis(jwt));
    }

    /**
     * The token of an {@code Authorization: Bearer} header (RFC 6750 §2.1): 401 {@code CREDENTIAL_MISSING} with a
     * {@code Bearer} challenge if there is none, {@code CREDENTIAL_INVALID} for another scheme.
     */
    public String bearer(String authorization) {
        String realm = "Bearer realm=\"capif-" + settings.purpose() + "\"";
        if (authorization == null || authorization.isBlank()) {
            throw CapifException.unauthorized(
                    Causes.CREDENTIAL_MISSING,
                    "This operation requires a " + settings.purpose() + " credential: Authorization: Bearer"
                            + " <credential>.",
                    realm);
        }
        String trimmed = authorization.trim();
        if (trimmed.length() < 8 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CapifException.unauthorized(
                    Causes.CREDENTIAL_INVALID,
                    "The Authorization header must use the Bearer scheme.",
                    realm + ", error=\"invalid_request\"");
        }
        return trimmed.substring(7).trim();
    }

    /** The default subscription of a verified credential; a malformed claim is refused like a forged credential. */
    private List<String> defaultApis(JsonWebToken jwt) {
        Object claim = jwt.getClaim(DEFAULT_APIS_CLAIM);
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof java.util.Collection<?> values) || values.size() > MAX_DEFAULT_APIS) {
            throw invalid("The " + settings.purpose() + " credential carries a malformed default subscription.");
        }
        List<String> out = new java.util.ArrayList<>();
        for (Object v : values) {
            String s = v instanceof jakarta.json.JsonString js ? js.getString() : v instanceof String str ? str : null;
            if (s == null || !DEFAULT_API.matcher(s).matches()) {
                throw invalid("The " + settings.purpose() + " credential carries a malformed default subscription.");
            }
            out.add(s);
        }
        return List.copyOf(out);
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
