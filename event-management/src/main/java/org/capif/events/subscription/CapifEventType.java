package org.capif.events.subscription;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.capif.common.cert.CapifRole;

/**
 * The TS 29.222 §8.3.5.3.3 {@code CAPIFEvent} values, which of them this CAPIF core produces, and which each kind of
 * subscriber may subscribe to (docs/decisions.md D27). Topology hiding events are not produced (there is no routing
 * information API): subscribing to them is refused rather than accepted and never answered.
 */
public enum CapifEventType {
    SERVICE_API_AVAILABLE,
    SERVICE_API_UNAVAILABLE,
    SERVICE_API_UPDATE,
    API_INVOKER_ONBOARDED,
    API_INVOKER_OFFBOARDED,
    SERVICE_API_INVOCATION_SUCCESS,
    SERVICE_API_INVOCATION_FAILURE,
    ACCESS_CONTROL_POLICY_UPDATE,
    ACCESS_CONTROL_POLICY_UNAVAILABLE,
    API_INVOKER_AUTHORIZATION_REVOKED,
    API_INVOKER_UPDATED,
    API_TOPOLOGY_HIDING_CREATED,
    API_TOPOLOGY_HIDING_REVOKED;

    private static final Set<CapifEventType> NOT_PRODUCED =
            EnumSet.of(API_TOPOLOGY_HIDING_CREATED, API_TOPOLOGY_HIDING_REVOKED);

    private static final Set<CapifEventType> SERVICE_API =
            EnumSet.of(SERVICE_API_AVAILABLE, SERVICE_API_UNAVAILABLE, SERVICE_API_UPDATE);

    /** The value of a known name, if any ({@code CAPIFEvent} is extensible: other strings are schema-valid). */
    public static Optional<CapifEventType> of(String name) {
        for (CapifEventType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public boolean produced() {
        return !NOT_PRODUCED.contains(this);
    }

    /** Events about service APIs, which every invoker may see for every published API (it may discover them all). */
    public boolean serviceApi() {
        return SERVICE_API.contains(this);
    }

    /**
     * Whether a subscriber of this role may subscribe to this event at all: an invoker to events about itself and the
     * APIs it may discover (not to other invokers' onboardings); an AEF and an AMF to every event (seeing those that
     * concern itself, or its domain); an APF to events about the APIs it published.
     */
    public boolean allowedFor(CapifRole role) {
        return switch (role) {
            case INVOKER -> this != API_INVOKER_ONBOARDED && produced();
            case AEF, AMF -> produced();
            case APF ->
                serviceApi()
                        || this == ACCESS_CONTROL_POLICY_UPDATE
                        || this == ACCESS_CONTROL_POLICY_UNAVAILABLE
                        || this == SERVICE_API_INVOCATION_SUCCESS
                        || this == SERVICE_API_INVOCATION_FAILURE;
            default -> false;
        };
    }
}
