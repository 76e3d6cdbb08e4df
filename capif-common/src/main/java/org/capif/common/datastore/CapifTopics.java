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
     * The dead-letter topic of one consumer of a topic: {@code <topic>.<service>.dlq}. Each consumer has its own, so
     * that every topic has one owner (the invoker topic's, older, is {@link #INVOKER_EVENTS_DLQ}).
     */
    public static String deadLetter(String topic, String service) {
        return topic + "." + service + ".dlq";
    }

    private CapifTopics() {}
}
