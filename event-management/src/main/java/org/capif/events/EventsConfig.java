package org.capif.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the event management service (the shared {@code capif.tls}, {@code capif.topics} and friends are in
 * {@link org.capif.common.config.CommonConfig}). The public {@code apiRoot} has no default; callbacks go only to public
 * HTTPS addresses unless the operator allow-lists networks. See {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "capif")
public interface EventsConfig {

    /** Public {apiRoot} of the CAPIF APIs (TS 29.222 §7.5), used in Location headers instead of internal addresses. */
    String apiRoot();

    /** Where and how notifications may be sent (callback safety). */
    Callbacks callbacks();

    /** Delivery of notifications: concurrency, retries, bounds. */
    Delivery delivery();

    /** Event subscriptions. */
    Events events();

    /** Invocation logs: bounds and retention. */
    Logs logs();

    /** The auditing API. */
    Audit audit();

    /** Periodic work: expired subscriptions, log retention. */
    Housekeeping housekeeping();

    /** Callback URLs are chosen by outsiders: what they may point at. */
    interface Callbacks {
        /**
         * Networks (CIDR, e.g. {@code 10.20.0.0/16}, {@code 127.0.0.1/32}) that callbacks may reach although they are
         * loopback, link-local, private or otherwise inside an operator's network; empty: none (the default).
         */
        Optional<List<String>> allowedNetworks();

        /** Whether {@code http://} callbacks are accepted (labs only); by default only {@code https://}. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * PEM file of CA certificates trusted for callback servers in addition to the JDK's default trust store (e.g. a
         * private CA of the subscribers).
         */
        Optional<Path> trustCerts();

        /** Longest wait for a callback connection (TCP and TLS handshake). */
        @WithDefault("PT3S")
        Duration connectTimeout();

        /** Longest wait for the callback's answer once the notification is sent. */
        @WithDefault("PT5S")
        Duration readTimeout();

        /** Bytes of a callback's answer read at most (the rest is discarded with the connection). */
        @WithDefault("4096")
        int maxResponseBytes();
    }

    /** Delivery of notifications. */
    interface Delivery {
        /** Subscriptions this replica delivers to at the same time. */
        @WithDefault("8")
        int threads();

        /** How long a replica holds a subscription it delivers to; renewed while it works, taken over after a crash. */
        @WithDefault("PT15S")
        Duration lease();

        /** How often a replica looks for subscriptions with notifications due. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** Notifications sent in one turn before the subscription is let go (fairness between subscribers). */
        @WithDefault("50")
        int batchSize();

        /** Wait after the first failed attempt; doubled after each further failure, with jitter. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("PT5M")
        Duration maxBackoff();

        /** A subscription whose callback has failed for this long is removed with its queue. */
        @WithDefault("P1D")
        Duration giveUpAfter();

        /** Most notifications waiting per subscription; newer ones are dropped (and counted) beyond it. */
        @WithDefault("1000")
        int maxQueue();
    }

    /** Event subscriptions. */
    interface Events {
        /** Most subscriptions one subscriber may have. */
        @WithDefault("50")
        int maxSubscriptionsPerSubscriber();

        /**
         * How long a request may wait for the subscriber's own onboarding or registration event to reach this service
         * (only the holder of that certificate can cause the wait).
         */
        @WithDefault("PT3S")
        Duration subscriberGrace();
    }

    /** Invocation logs. */
    interface Logs {
        /** Stored logs are deleted this long after they were stored. */
        @WithDefault("P90D")
        Duration retention();

        /** The oldest logs beyond this many rows are deleted (a bound on storage whatever the rate). */
        @WithDefault("10000000")
        long maxRows();

        /** Most {@code Log} entries in one posted {@code InvocationLog}. */
        @WithDefault("1000")
        int maxEntriesPerPost();

        /** Bytes of {@code inputParameters} or {@code outputParameters} kept per entry (larger ones are refused). */
        @WithDefault("4096")
        int maxParameterBytes();
    }

    /** The auditing API. */
    interface Audit {
        /** Logs per page when the query does not say ({@code limit}). */
        @WithDefault("100")
        int defaultPageSize();

        /** Most logs per page. */
        @WithDefault("1000")
        int maxPageSize();
    }

    /** Periodic work. */
    interface Housekeeping {
        /** How often expired and failing subscriptions are removed and log retention is applied. */
        @WithDefault("PT1M")
        Duration interval();
    }
}
