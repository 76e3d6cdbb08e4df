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

    /** API provider domain events (registered functions and their certificates), compacted, keyed by apiProvDomId. */
    public static final String PROVIDER_EVENTS = "capif.provider-events";

    /** Published service API events, compacted, keyed by apiId. */
    public static final String SERVICE_API_EVENTS = "capif.service-api-events";

    /** Service API events invoker management could not use. */
    public static final String SERVICE_API_EVENTS_IM_DLQ = deadLetter(SERVICE_API_EVENTS, "invoker-management");

    /** Service API events the authorization function could not use. */
    public static final String SERVICE_API_EVENTS_AF_DLQ = deadLetter(SERVICE_API_EVENTS, "authorization-function");

    /** Provider events the authorization function could not use. */
    public static final String PROVIDER_EVENTS_AF_DLQ = deadLetter(PROVIDER_EVENTS, "authorization-function");

    /**
     * The token validator's record of its access decisions for the AEFs that asked for invocation logs (not compacted,
     * keyed by AEF); event management stores them as invocation logs.
     */
    public static final String DECISION_LOGS = "capif.decision-logs";

    /**
     * Service API invocation logs as stored by event management (TS 29.222 CAPIF_Logging_API_Invocation_API), posted by
     * AEFs or made from the validator's decisions, for other consumers; not compacted, keyed by AEF.
     */
    public static final String INVOCATION_LOGS = "capif.invocation-logs";

    /** The source topics event management consumes, and its dead-letter topic for each. */
    public static final String INVOKER_EVENTS_EM_DLQ = deadLetter(INVOKER_EVENTS, "event-management");

    public static final String SECURITY_EVENTS_EM_DLQ = deadLetter(SECURITY_EVENTS, "event-management");
    public static final String POLICY_EVENTS_EM_DLQ = deadLetter(POLICY_EVENTS, "event-management");
    public static final String PROVIDER_EVENTS_EM_DLQ = deadLetter(PROVIDER_EVENTS, "event-management");
    public static final String SERVICE_API_EVENTS_EM_DLQ = deadLetter(SERVICE_API_EVENTS, "event-management");
    public static final String DECISION_LOGS_EM_DLQ = deadLetter(DECISION_LOGS, "event-management");

    /**
     * The dead-letter topic of one consumer of a topic: {@code <topic>.<service>.dlq}. Each consumer has its own, so
     * that every topic has one owner (the invoker topic's, older, is {@link #INVOKER_EVENTS_DLQ}).
     */
    public static String deadLetter(String topic, String service) {
        return topic + "." + service + ".dlq";
    }

    /**
     * Whether a topic carries full-state events and is compacted (the latest record per key is enough); the others
     * (dead-letter topics, decision and invocation logs) are kept for a time.
     */
    public static boolean compacted(String topic) {
        return java.util.Set.of(
                        INVOKER_EVENTS,
                        SECURITY_EVENTS,
                        POLICY_EVENTS,
                        TOKEN_REVOCATIONS,
                        PROVIDER_EVENTS,
                        SERVICE_API_EVENTS)
                .contains(topic);
    }

    private CapifTopics() {}
}
