package org.capif.common.datastore;

/**
 * The default names of the CAPIF core's Kafka topics (configurable with {@code capif.topics.*}; the ACLs of
 * {@link KafkaAcls} name these defaults). Who produces and who consumes each one: {@link CapifService}.
 */
public final class CapifTopics {

    /** Invoker lifecycle events, compacted, keyed by apiInvokerId. */
    public static final String INVOKER_EVENTS = "capif.invoker-events";

    /** Security context events, keyed by apiInvokerId. */
    public static final String SECURITY_EVENTS = "capif.security-events";

    /** Access control policy events, keyed by invoker, AEF and API. */
    public static final String POLICY_EVENTS = "capif.policy-events";

    /** Revoked access tokens, keyed by jti. */
    public static final String TOKEN_REVOCATIONS = "capif.token-revocations";

    /** Invoker events the authorization function could not use (its dead-letter topic). */
    public static final String INVOKER_EVENTS_DLQ = INVOKER_EVENTS + ".dlq";

    private CapifTopics() {}
}
