package org.capif.common.datastore;

import static org.capif.common.datastore.CapifTopics.DECISION_LOGS;
import static org.capif.common.datastore.CapifTopics.DECISION_LOGS_EM_DLQ;
import static org.capif.common.datastore.CapifTopics.INVOCATION_LOGS;
import static org.capif.common.datastore.CapifTopics.INVOKER_EVENTS;
import static org.capif.common.datastore.CapifTopics.INVOKER_EVENTS_DLQ;
import static org.capif.common.datastore.CapifTopics.INVOKER_EVENTS_EM_DLQ;
import static org.capif.common.datastore.CapifTopics.POLICY_EVENTS;
import static org.capif.common.datastore.CapifTopics.POLICY_EVENTS_EM_DLQ;
import static org.capif.common.datastore.CapifTopics.PROVIDER_EVENTS;
import static org.capif.common.datastore.CapifTopics.PROVIDER_EVENTS_AF_DLQ;
import static org.capif.common.datastore.CapifTopics.PROVIDER_EVENTS_EM_DLQ;
import static org.capif.common.datastore.CapifTopics.SECURITY_EVENTS;
import static org.capif.common.datastore.CapifTopics.SECURITY_EVENTS_EM_DLQ;
import static org.capif.common.datastore.CapifTopics.SERVICE_API_EVENTS;
import static org.capif.common.datastore.CapifTopics.SERVICE_API_EVENTS_AF_DLQ;
import static org.capif.common.datastore.CapifTopics.SERVICE_API_EVENTS_EM_DLQ;
import static org.capif.common.datastore.CapifTopics.SERVICE_API_EVENTS_IM_DLQ;
import static org.capif.common.datastore.CapifTopics.TOKEN_REVOCATIONS;

import java.util.List;
import java.util.Optional;

/**
 * The CAPIF core services and what each may touch in the datastores: the one table the test infrastructure, the local
 * stack and {@code docs/security.md} derive identities, database roles and Kafka ACLs from. Adding a service is adding
 * one entry here.
 *
 * <ul>
 *   <li>{@link #id()}: the service's name; its certificate says {@code CN=<id>, OU=service} and
 *       {@code urn:capif:service:<id>}, and Kafka maps that subject to the principal {@code User:<id>}
 *       ({@link KafkaAcls#PRINCIPAL_MAPPING_RULES}).
 *   <li>{@link #role()}: its PostgreSQL login role, which owns exactly one schema of the same name in a database of
 *       the same name, and nothing else.
 *   <li>{@link #writes()}: the topics it owns: it may create them and produce to them, and nobody else may.
 *   <li>{@link #reads()}: the topics it consumes; {@link #groups()}: its consumer groups.
 * </ul>
 */
public enum CapifService {
    INVOKER_MANAGEMENT(
            "invoker-management",
            "capif_invoker",
            List.of(INVOKER_EVENTS, SERVICE_API_EVENTS_IM_DLQ),
            List.of(SERVICE_API_EVENTS),
            List.of("capif-invoker-management")),
    AUTHORIZATION_FUNCTION(
            "authorization-function",
            "capif_authz",
            List.of(
                    SECURITY_EVENTS,
                    POLICY_EVENTS,
                    TOKEN_REVOCATIONS,
                    INVOKER_EVENTS_DLQ,
                    PROVIDER_EVENTS_AF_DLQ,
                    SERVICE_API_EVENTS_AF_DLQ),
            List.of(INVOKER_EVENTS, PROVIDER_EVENTS, SERVICE_API_EVENTS),
            List.of("capif-authorization-function")),
    TOKEN_VALIDATOR(
            "token-validator",
            "capif_validator",
            List.of(DECISION_LOGS),
            List.of(
                    INVOKER_EVENTS,
                    SECURITY_EVENTS,
                    POLICY_EVENTS,
                    TOKEN_REVOCATIONS,
                    PROVIDER_EVENTS,
                    SERVICE_API_EVENTS),
            List.of()),
    PROVIDER_MANAGEMENT(
            "provider-management",
            "capif_provider",
            List.of(PROVIDER_EVENTS, SERVICE_API_EVENTS),
            List.of(),
            List.of()),
    EVENT_MANAGEMENT(
            "event-management",
            "capif_events",
            List.of(
                    INVOCATION_LOGS,
                    INVOKER_EVENTS_EM_DLQ,
                    SECURITY_EVENTS_EM_DLQ,
                    POLICY_EVENTS_EM_DLQ,
                    PROVIDER_EVENTS_EM_DLQ,
                    SERVICE_API_EVENTS_EM_DLQ,
                    DECISION_LOGS_EM_DLQ),
            List.of(INVOKER_EVENTS, SECURITY_EVENTS, POLICY_EVENTS, PROVIDER_EVENTS, SERVICE_API_EVENTS, DECISION_LOGS),
            List.of("capif-event-management"));

    private final String id;
    private final String role;
    private final List<String> writes;
    private final List<String> reads;
    private final List<String> groups;

    CapifService(String id, String role, List<String> writes, List<String> reads, List<String> groups) {
        this.id = id;
        this.role = role;
        this.writes = writes;
        this.reads = reads;
        this.groups = groups;
    }

    /** The service name: certificate CN, {@code urn:capif:service:<id>}, Kafka principal. */
    public String id() {
        return id;
    }

    /** The PostgreSQL login role, which is also the name of its schema and of its database. */
    public String role() {
        return role;
    }

    /** Topics it owns: CREATE, WRITE and DESCRIBE. */
    public List<String> writes() {
        return writes;
    }

    /** Topics it consumes: READ and DESCRIBE. */
    public List<String> reads() {
        return reads;
    }

    /** Consumer groups it uses: READ. */
    public List<String> groups() {
        return groups;
    }

    public static Optional<CapifService> byId(String id) {
        for (CapifService s : values()) {
            if (s.id.equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Optional<CapifService> byRole(String role) {
        for (CapifService s : values()) {
            if (s.role.equals(role)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
