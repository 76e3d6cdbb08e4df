package org.capif.events.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.capif.common.event.EventProjection;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.ServiceApiEvent;
import org.capif.events.log.DecisionLogs;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The consumers of event management, all in the consumer group {@code capif-event-management} so that with several
 * replicas each record is turned into notifications by exactly one of them. Each topic is applied through an
 * {@link EventProjection} (one record at a time in order per partition, invalid records to this service's dead-letter
 * topic of that source, valid ones retried with back-off until the database takes them); decision logs come in
 * batches.
 */
@ApplicationScoped
public class SourceConsumers {

    private final EventProjection<InvokerEvent> invokers;
    private final EventProjection<ServiceApiEvent> apis;
    private final EventProjection<ProviderEvent> providers;
    private final EventProjection<SecurityEvent> security;
    private final EventProjection<PolicyEvent> policies;
    private final DecisionLogs decisions;

    public SourceConsumers(SourceEvents events, DecisionLogs decisions, MeterRegistry registry) {
        this.decisions = decisions;
        this.invokers = new EventProjection<>(
                "invoker event",
                "capif.events.source",
                Decoders::invoker,
                events::invoker,
                e -> {},
                InvokerEvent::eventId,
                registry);
        this.apis = new EventProjection<>(
                "service API event",
                "capif.events.source",
                ServiceApiEvent::decode,
                events::serviceApi,
                e -> {},
                ServiceApiEvent::eventId,
                registry);
        this.providers = new EventProjection<>(
                "provider event",
                "capif.events.source",
                ProviderEvent::decode,
                events::provider,
                e -> {},
                ProviderEvent::eventId,
                registry);
        this.security = new EventProjection<>(
                "security event",
                "capif.events.source",
                Decoders::security,
                events::security,
                e -> {},
                SecurityEvent::eventId,
                registry);
        this.policies = new EventProjection<>(
                "policy event",
                "capif.events.source",
                Decoders::policy,
                events::policy,
                e -> {},
                PolicyEvent::eventId,
                registry);
    }

    @Incoming("invoker-events")
    public Uni<Void> consumeInvoker(String payload) {
        return invokers.consume(payload);
    }

    @Incoming("service-api-events")
    public Uni<Void> consumeServiceApi(String payload) {
        return apis.consume(payload);
    }

    @Incoming("provider-events")
    public Uni<Void> consumeProvider(String payload) {
        return providers.consume(payload);
    }

    @Incoming("security-events")
    public Uni<Void> consumeSecurity(String payload) {
        return security.consume(payload);
    }

    @Incoming("policy-events")
    public Uni<Void> consumePolicy(String payload) {
        return policies.consume(payload);
    }

    @Incoming("decision-logs")
    public Uni<Void> consumeDecisions(List<String> payloads) {
        return decisions.consume(payloads);
    }
}
