package org.capif.provider.sdk;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.event.EventCodec;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.provider.ProviderManagementConfig;
import org.capif.provider.registration.RegistrationCredentials;
import org.jboss.logging.Logger;

/**
 * The OpenCAPIF SDK compatibility login (decisions D19): an operator-created user logs in with HTTP Basic and receives
 * one of our normal single-use credentials, minted for its role: an onboarding credential (with the user's default
 * subscription) for an invoker, a registration credential for a provider. Passwords are Argon2id hashes; at most two
 * verifications run at a time (each costs about 20 MiB and tens of milliseconds), so unauthenticated callers cannot
 * exhaust the service; repeated failures lock the user for a while. Off unless {@code capif.sdk-compat.enabled}.
 */
@ApplicationScoped
public class SdkCompat {

    private static final Logger LOG = Logger.getLogger(SdkCompat.class);
    private static final Semaphore VERIFICATIONS = new Semaphore(2);
    private static final String CHALLENGE = "Basic realm=\"capif-sdk\", charset=\"UTF-8\"";

    /** A successful login: the minted credential and the user's role. */
    public record Login(OperatorCredentials.Minted credential, String role) {}

    private final ProviderManagementConfig.SdkCompat config;
    private final RegistrationCredentials registration;
    private final OperatorCredentials onboarding;
    private final Clock clock;

    public SdkCompat(ProviderManagementConfig config, RegistrationCredentials registration, Clock clock) {
        this.config = config.sdkCompat();
        this.registration = registration;
        this.clock = clock;
        ProviderManagementConfig.Credential c = config.credential();
        this.onboarding = new OperatorCredentials(
                new OperatorCredentials.Settings(
                        "onboarding",
                        c.signingKey(),
                        c.verificationKey(),
                        c.issuer(),
                        this.config.onboardingAudience(),
                        this.config.credentialLifetime(),
                        c.maxLifetime()),
                clock);
    }

    /** 404, as for any unknown path, unless the operator turned the compatibility endpoint on. */
    public void requireEnabled() {
        if (!config.enabled()) {
            throw CapifException.notFound(Causes.RESOURCE_NOT_FOUND, "No resource at this URI.");
        }
    }

    /**
     * Logs a user in from an {@code Authorization: Basic} header; 401 for a missing or malformed header, null for a
     * refused login (unknown user, wrong password, locked: the caller answers 401 without saying which, after this
     * transaction has recorded the failure).
     */
    @WithTransaction
    public Uni<Login> login(String authorization) {
        String[] userPassword = basic(authorization);
        String username = userPassword[0];
        String password = userPassword[1];
        return SdkUser.<SdkUser>findById(username).chain(user -> {
            Instant now = clock.instant();
            if (user == null || (user.lockedUntil != null && user.lockedUntil.isAfter(now))) {
                LOG.infof("SDK login refused for %s (unknown or locked)", username);
                return Uni.createFrom().nullItem();
            }
            return verify(password, user.passwordHash).map(ok -> {
                if (!ok) {
                    user.failedAttempts++;
                    if (user.failedAttempts >= config.lockoutAttempts()) {
                        user.lockedUntil = now.plus(config.lockoutDuration());
                        user.failedAttempts = 0;
                        LOG.warnf(
                                "SDK user %s locked until %s after repeated failed logins", username, user.lockedUntil);
                    }
                    return null;
                }
                user.failedAttempts = 0;
                user.lockedUntil = null;
                OperatorCredentials.Minted minted = "provider".equals(user.role)
                        ? registration.mintFor(username, config.credentialLifetime())
                        : onboarding.mint(
                                username,
                                config.credentialLifetime(),
                                List.of(EventCodec.decode(user.defaultApis, String[].class)));
                LOG.infof("SDK user %s logged in: %s credential jti=%s", username, user.role, minted.jti());
                return new Login(minted, user.role);
            });
        });
    }

    /** Runs the Argon2 verification off the event loop, at most two at a time (503 when both are busy). */
    private static Uni<Boolean> verify(String password, String hash) {
        if (!VERIFICATIONS.tryAcquire()) {
            return Uni.createFrom()
                    .failure(CapifException.serviceUnavailable("Too many logins at once; retry in a second."));
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom()
                .item(() -> PasswordHashes.verify(password, hash))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(command -> context.runOnContext(v -> command.run()))
                .eventually(() -> VERIFICATIONS.release());
    }

    static String[] basic(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw CapifException.unauthorized(
                    Causes.CREDENTIAL_MISSING, "Log in with HTTP Basic authentication.", CHALLENGE);
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Basic ", 0, 6) || a.length() > 2048) {
            throw refused();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0
                || !org.capif.common.cert.CapifIdentity.ID_PATTERN
                        .matcher(decoded.substring(0, colon))
                        .matches()) {
            throw refused();
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** The one answer to every refused login. */
    public static CapifException refused() {
        return CapifException.unauthorized(
                Causes.CREDENTIAL_INVALID, "Unknown user, wrong password, or the user is locked for now.", CHALLENGE);
    }
}
