package org.capif.events;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.DecisionLogEvent;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.RevokedApi;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.SecurityEventType;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.kafka.TopicWriter;
import org.capif.testing.pki.Credential;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plays the other services' parts for event management's tests, on the real topics: invoker management (invoker
 * events), provider management (provider domains, published APIs), the authorization function (security and policy
 * events) and the token validator (decision logs); each call waits until event management applied it where that is
 * observable.
 */
public final class Parties {

    private static final ConcurrentHashMap<String, Long> SEQUENCES = new ConcurrentHashMap<>();

    private Parties() {}

    /** An onboarded invoker: its id and client credential. */
    public record Invoker(String id, Credential credential) {}

    /** A registered provider domain with one AMF, one APF and one AEF. */
    public record Domain(
            String id, String amfId, Credential amf, String apfId, Credential apf, String aefId, Credential aef) {}

    public static Invoker onboard(SubscribedApi... apis) {
        String id = "inv-" + UUID.randomUUID();
        Credential credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        invokerEvent(id, InvokerEventType.API_INVOKER_ONBOARDED, InvokerStatus.ACTIVE, credential, List.of(apis));
        return new Invoker(id, credential);
    }

    public static void update(Invoker i, SubscribedApi... apis) {
        invokerEvent(i.id(), InvokerEventType.API_INVOKER_UPDATED, InvokerStatus.ACTIVE, i.credential(), List.of(apis));
    }

    public static void offboard(Invoker i) {
        invokerEvent(
                i.id(), InvokerEventType.API_INVOKER_OFFBOARDED, InvokerStatus.OFFBOARDED, i.credential(), List.of());
    }

    private static void invokerEvent(
            String id, InvokerEventType type, InvokerStatus status, Credential c, List<SubscribedApi> apis) {
        long seq = SEQUENCES.merge("invoker:" + id, 1L, Long::sum);
        InvokerEvent e = new InvokerEvent(
                UUID.randomUUID(),
                type,
                InvokerEvent.SCHEMA_VERSION,
                Instant.now(),
                id,
                seq,
                status,
                c.thumbprint(),
                c.certificate().getNotAfter().toInstant(),
                apis);
        TopicWriter.send(bootstrap(), "capif.invoker-events", id, EventCodec.encode(e));
        awaitRow("select 1 from invoker_view where api_invoker_id = ? and sequence >= ?", id, seq);
    }

    public static Domain register() {
        String domain = "dom-" + UUID.randomUUID();
        String amfId = "amf-" + UUID.randomUUID();
        String apfId = "apf-" + UUID.randomUUID();
        String aefId = "aef-" + UUID.randomUUID();
        Credential amf = CapifTestResource.pki().client(new CapifIdentity(CapifRole.AMF, amfId));
        Credential apf = CapifTestResource.pki().client(new CapifIdentity(CapifRole.APF, apfId));
        Credential aef = CapifTestResource.pki().client(new CapifIdentity(CapifRole.AEF, aefId));
        Instant until = Instant.now().plusSeconds(86400);
        ProviderSide.register(
                bootstrap(),
                domain,
                List.of(
                        new ProviderFunction(amfId, CapifRole.AMF, amf.thumbprint(), until),
                        new ProviderFunction(apfId, CapifRole.APF, apf.thumbprint(), until),
                        new ProviderFunction(aefId, CapifRole.AEF, aef.thumbprint(), until)));
        awaitRow("select 1 from provider_function_view where api_prov_func_id = ?", aefId);
        return new Domain(domain, amfId, amf, apfId, apf, aefId, aef);
    }

    public static void deregister(Domain d) {
        ProviderSide.deregister(bootstrap(), d.id());
        awaitRow(
                "select 1 from provider_domain_view where api_prov_dom_id = ? and not exists (select 1 from"
                        + " provider_function_view where api_prov_dom_id = ?)",
                d.id(),
                d.id());
    }

    /** Publishes (or republishes) an API at the domain's AEF and waits until the view has this version. */
    public static ServiceApiEvent publish(Domain d, String apiId, String apiName, String description) {
        ServiceAPIDescription api = new ServiceAPIDescription(
                apiName,
                apiId,
                null,
                List.of(new AefProfile(
                        d.aefId(),
                        List.of(Version.of("v1")),
                        "HTTP_1_1",
                        "JSON",
                        List.of("OAUTH"),
                        "aef.example.com",
                        null,
                        null,
                        null,
                        null)),
                description,
                null,
                null,
                null,
                null,
                null,
                null);
        ServiceApiEvent e = ProviderSide.publish(bootstrap(), api, ServiceApiStatus.PUBLISHED, d.apfId(), d.id());
        awaitRow("select 1 from service_api_view where api_id = ? and sequence >= ?", apiId, e.sequence());
        return e;
    }

    public static ServiceApiEvent unpublish(ServiceApiEvent published) {
        ServiceApiEvent e = ProviderSide.unpublish(bootstrap(), published);
        awaitRow("select 1 from service_api_view where api_id = ? and sequence >= ?", e.apiId(), e.sequence());
        return e;
    }

    public static SubscribedApi subscribed(Domain d, String apiId, String apiName) {
        return new SubscribedApi(apiId, apiName, d.aefId(), List.of("OAUTH"));
    }

    /** The authorization function revoking the invoker's authorization for APIs at an AEF. */
    public static SecurityEvent revoke(Invoker i, String aefId, List<String> apiIds, String cause, String destination) {
        long seq = SEQUENCES.merge("security:" + i.id(), 1L, Long::sum);
        SecurityEvent e = new SecurityEvent(
                UUID.randomUUID(),
                SecurityEventType.API_INVOKER_AUTHORIZATION_REVOKED,
                SecurityEvent.SCHEMA_VERSION,
                Instant.now(),
                i.id(),
                seq,
                List.of(),
                List.of(),
                destination,
                apiIds.stream().map(a -> new RevokedApi(aefId, a, cause)).toList());
        TopicWriter.send(bootstrap(), "capif.security-events", i.id(), EventCodec.encode(e));
        return e;
    }

    /** The authorization function setting (or, with null, removing) an access control policy. */
    public static PolicyEvent policy(Invoker i, String aefId, String apiId, String apiName, ApiInvokerPolicy policy) {
        String key = PolicyEvent.key(i.id(), aefId, apiId);
        long seq = SEQUENCES.merge("policy:" + key, 1L, Long::sum);
        PolicyEvent e = new PolicyEvent(
                UUID.randomUUID(),
                PolicyEvent.SCHEMA_VERSION,
                Instant.now(),
                i.id(),
                aefId,
                apiId,
                apiName,
                seq,
                policy);
        TopicWriter.send(bootstrap(), "capif.policy-events", key, EventCodec.encode(e));
        return e;
    }

    /** The token validator reporting a decision for an AEF that wants invocation logs. */
    public static DecisionLogEvent decision(
            String aefId, String invokerId, String apiName, boolean allowed, String reason) {
        DecisionLogEvent e = new DecisionLogEvent(
                UUID.randomUUID(),
                DecisionLogEvent.SCHEMA_VERSION,
                Instant.now(),
                aefId,
                invokerId,
                apiName,
                allowed,
                reason);
        TopicWriter.send(bootstrap(), "capif.decision-logs", aefId, EventCodec.encode(e));
        return e;
    }

    public static void awaitRow(String query, Object... params) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !sql().rows(query, params).isEmpty());
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static Sql sql() {
        return new Sql(CapifTestResource.database(EventManagementTestResources.DATABASE));
    }
}
