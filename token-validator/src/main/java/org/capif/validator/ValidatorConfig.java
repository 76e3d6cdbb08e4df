package org.capif.validator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the token validator (shared keys in {@link org.capif.common.config.CommonConfig}). Security-relevant
 * keys (expected issuer, JWK Set location and client credential) have no default. See {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "capif")
public interface ValidatorConfig {

    /** What tokens must say. */
    Token token();

    /** Where the verification keys come from. */
    Jwks jwks();

    /** Enforcement of access control policies. */
    Policy policy();

    /** Invocation logs made from the validator's decisions. */
    InvocationLog invocationLog();

    /** Benchmark support. */
    Benchmark benchmark();

    /** What tokens must say. */
    interface Token {
        /** The only accepted {@code iss}: the authorization function's issuer. */
        String issuer();

        /**
         * Longest accepted lifetime ({@code exp - iat}): a token the authorization function would never issue (a
         * leaked signing key minting year-long tokens, a misconfiguration) is refused. At least the AF's
         * {@code capif.token.lifetime}.
         */
        @WithDefault("PT1H")
        Duration maxLifetime();

        /** Most verified tokens kept in memory (each about 1 KiB). */
        @WithDefault("50000")
        int cacheSize();
    }

    /** The authorization function's JWK Set. */
    interface Jwks {
        /** URL of the JWK Set (mutual TLS with the service certificate below). */
        String uri();

        /** PEM certificate of this validator as a CAPIF service ({@code urn:capif:service:...}, clientAuth). */
        Path clientCert();

        /** PEM (PKCS#8) key of that certificate. */
        Path clientKey();

        /** Regular refresh of the key set. */
        @WithDefault("PT5M")
        Duration refreshPeriod();

        /** Shortest interval between refreshes triggered by unknown key ids (so bad tokens cannot flood the AF). */
        @WithDefault("PT10S")
        Duration minRefreshInterval();
    }

    /** Policy enforcement across replicas (see {@code docs/architecture.md#policies-and-replicas}). */
    interface Policy {
        /**
         * Slices a second's {@code allowedInvocationsPerSecond} is leased in by the replicas ({@code ceil(limit /
         * rate-slices)} at a time): more slices, more database visits and less left unused by a replica at the end
         * of a second.
         */
        @WithDefault("10")
        int rateSlices();

        /** Invocations a replica leases at a time against {@code allowedTotalInvocations}. */
        @WithDefault("20")
        int leaseSize();

        /** How often revocations made through revoke-authorization at other replicas are picked up. */
        @WithDefault("PT1S")
        Duration localRevocationPoll();
    }

    /**
     * Invocation logs made from decisions (TS 29.222 §8.7 on the AEF's behalf, docs/events.md#logs-made-by-the-validator):
     * the operator's choice, never the AEF's, since an AEF that could turn them off could hide its invocations from its
     * AMF's audit.
     */
    interface InvocationLog {
        /**
         * AEF ids whose every decision (decision endpoint, introspection, gateway checks) is published on
         * {@code capif.topics.decision-logs}, at most once each; {@code *} for every AEF. None by default.
         */
        Optional<List<String>> aefs();

        /**
         * Decisions waiting to be sent at most; beyond that (Kafka slow or down) a decision's log is dropped and counted,
         * never waited for.
         */
        @WithDefault("10000")
        int bufferSize();

        /** How long a log may wait for Kafka's acknowledgement before it is dropped (at least 2 s). */
        @WithDefault("PT30S")
        Duration sendTimeout();
    }

    /** Benchmark support. */
    interface Benchmark {
        /** Serve {@code POST /token-validator/v1/noop} (same server and TLS, no work), for throughput baselines. */
        @WithDefault("false")
        boolean noopEnabled();
    }
}
