package org.capif.testing.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderEventType;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.capif.testing.kafka.TopicWriter;

/**
 * Plays the provider management service's part for tests of the services that consume its events: writes provider
 * events (registered AEFs with their certificate thumbprints) and service API events (published APIs) to the real
 * topics, with per-aggregate sequences that keep increasing within the test JVM.
 */
public final class ProviderSide {

    public static final String PROVIDER_TOPIC = "capif.provider-events";
    public static final String SERVICE_API_TOPIC = "capif.service-api-events";

    private static final Map<String, Long> SEQUENCES = new ConcurrentHashMap<>();

    private ProviderSide() {}

    /** Publishes (or republishes, with the next sequence) an API at one AEF with the given security methods. */
    public static ServiceApiEvent publish(
            String bootstrap, String apiId, String apiName, String aefId, String... securityMethods) {
        ServiceAPIDescription description = new ServiceAPIDescription(
                apiName,
                apiId,
                null,
                List.of(new AefProfile(
                        aefId,
                        List.of(Version.of("v1")),
                        "HTTP_1_1",
                        "JSON",
                        List.of(securityMethods),
                        aefId + ".example.com",
                        null,
                        null,
                        null,
                        null)),
                "test API " + apiName,
                null,
                null,
                null,
                null,
                null,
                null);
        return publish(bootstrap, description, ServiceApiStatus.PUBLISHED);
    }

    /** Publishes (next sequence) a full description; its {@code apiId} is the key. */
    public static ServiceApiEvent publish(
            String bootstrap, ServiceAPIDescription description, ServiceApiStatus status) {
        return publish(bootstrap, description, status, "apf-test", "domain-test");
    }

    /** Publishes (next sequence) a full description as the given APF of the given domain. */
    public static ServiceApiEvent publish(
            String bootstrap,
            ServiceAPIDescription description,
            ServiceApiStatus status,
            String apfId,
            String domainId) {
        long sequence = SEQUENCES.merge("api:" + description.apiId(), 1L, Long::sum);
        ServiceApiEvent event = new ServiceApiEvent(
                UUID.randomUUID(),
                status == ServiceApiStatus.UNPUBLISHED
                        ? ServiceApiEventType.SERVICE_API_UNAVAILABLE
                        : sequence == 1
                                ? ServiceApiEventType.SERVICE_API_AVAILABLE
                                : ServiceApiEventType.SERVICE_API_UPDATE,
                ServiceApiEvent.SCHEMA_VERSION,
                Instant.now(),
                description.apiId(),
                sequence,
                status,
                apfId,
                domainId,
                description);
        TopicWriter.send(bootstrap, SERVICE_API_TOPIC, event.apiId(), EventCodec.encode(event));
        return event;
    }

    /** Unpublishes an API published with {@link #publish}. */
    public static ServiceApiEvent unpublish(String bootstrap, ServiceApiEvent published) {
        return publish(
                bootstrap,
                published.description(),
                ServiceApiStatus.UNPUBLISHED,
                published.apfId(),
                published.apiProvDomId());
    }

    /** Registers (or updates, next sequence) a provider domain with these functions. */
    public static ProviderEvent register(String bootstrap, String domainId, List<ProviderFunction> functions) {
        return provider(bootstrap, domainId, ProviderStatus.REGISTERED, functions);
    }

    /** Registers a domain with a single AEF whose certificate has this thumbprint; returns the domain id. */
    public static String registerAef(String bootstrap, String aefId, String thumbprint) {
        String domainId = "domain-" + aefId;
        register(
                bootstrap,
                domainId,
                List.of(new ProviderFunction(
                        aefId, CapifRole.AEF, thumbprint, Instant.now().plusSeconds(86400))));
        return domainId;
    }

    /** Deregisters a domain: none of its functions' certificates is accepted any more. */
    public static ProviderEvent deregister(String bootstrap, String domainId) {
        return provider(bootstrap, domainId, ProviderStatus.DEREGISTERED, List.of());
    }

    private static ProviderEvent provider(
            String bootstrap, String domainId, ProviderStatus status, List<ProviderFunction> functions) {
        long sequence = SEQUENCES.merge("domain:" + domainId, 1L, Long::sum);
        ProviderEvent event = new ProviderEvent(
                UUID.randomUUID(),
                status == ProviderStatus.DEREGISTERED
                        ? ProviderEventType.API_PROVIDER_DEREGISTERED
                        : sequence == 1
                                ? ProviderEventType.API_PROVIDER_REGISTERED
                                : ProviderEventType.API_PROVIDER_UPDATED,
                ProviderEvent.SCHEMA_VERSION,
                Instant.now(),
                domainId,
                sequence,
                status,
                functions);
        TopicWriter.send(bootstrap, PROVIDER_TOPIC, domainId, EventCodec.encode(event));
        return event;
    }
}
