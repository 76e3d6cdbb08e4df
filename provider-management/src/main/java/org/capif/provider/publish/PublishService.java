package org.capif.provider.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ApiStatus;
import org.capif.common.api.JsonMergePatch;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRecord;
import org.capif.common.persistence.SqlFailures;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.provider.ProviderManagementConfig;
import org.capif.provider.registration.ProviderPeers;
import org.capif.provider.registration.ProviderRepositories;
import org.capif.provider.registration.RegisteredFunction;
import org.jboss.logging.Logger;

/**
 * Publishing, updating and unpublishing service APIs (TS 29.222 §5.3 and §8.2, CAPIF_Publish_Service_API). An APF
 * sees and changes only the APIs it published, and may publish only on AEFs of its own API provider domain. Every
 * change and its service API event are written in one transaction (transactional outbox), so the rest of CAPIF learns
 * of a publication if and only if it committed. It also withdraws APIs when the functions they depend on leave
 * (see {@link #withdraw}).
 */
@ApplicationScoped
public class PublishService {

    private static final Logger LOG = Logger.getLogger(PublishService.class);

    /** The members of TS 29.222 {@code ServiceAPIDescriptionPatch}. */
    static final Set<String> PATCHABLE = Set.of(
            "apiStatus",
            "aefProfiles",
            "description",
            "shareableInfo",
            "serviceAPICategory",
            "apiSuppFeats",
            "pubApiPath",
            "ccfId");

    private final PublishedApiRepository apis;
    private final ProviderRepositories.Functions functions;
    private final ProviderPeers peers;
    private final ServiceApiValidator validator;
    private final ServiceApiEvents events;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxApisPerApf;

    public PublishService(
            PublishedApiRepository apis,
            ProviderRepositories.Functions functions,
            ProviderPeers peers,
            ServiceApiValidator validator,
            ServiceApiEvents events,
            ObjectMapper json,
            ProviderManagementConfig config,
            Clock clock) {
        this.apis = apis;
        this.functions = functions;
        this.peers = peers;
        this.validator = validator;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.maxApisPerApf = config.publish().maxApisPerApf();
    }

    /** Publishes a new API for the calling APF; assigns its {@code apiId}. */
    @WithTransaction
    public Uni<PublishedApi> publish(AuthenticatedPeer peer, ServiceAPIDescription body) {
        List<String> aefIds = validator.validate(body, null);
        return peers.registered(peer)
                .call(apf -> requireOwnAefs(apf, aefIds))
                .call(apf -> apis.count("apfId", apf.apiProvFuncId).invoke(n -> {
                    if (n >= maxApisPerApf) {
                        throw CapifException.forbidden(
                                Causes.PUBLICATION_LIMIT_REACHED,
                                "This APF already has " + n + " published service APIs, the most it may have.");
                    }
                }))
                .chain(apf -> {
                    Instant now = clock.instant();
                    PublishedApi api = new PublishedApi();
                    api.apiId = "api-" + UUID.randomUUID();
                    api.apfId = apf.apiProvFuncId;
                    api.apiProvDomId = apf.domain.apiProvDomId;
                    api.apiName = body.apiName();
                    api.description = EventCodec.encode(body.withApiId(api.apiId));
                    api.version = 1;
                    api.createdAt = now;
                    api.updatedAt = now;
                    return apis.persist(api)
                            .call(() -> Panache.getSession().chain(s -> s.flush()))
                            .call(() -> apis.exposeAt(api.apiId, api.apiName, aefIds))
                            .call(() -> append(events.published(api, ServiceApiEventType.SERVICE_API_AVAILABLE)));
                })
                .onFailure(PublishService::nameTaken)
                .transform(e -> nameTakenProblem())
                .invoke(api -> LOG.infof(
                        "published service API %s (%s) by APF %s at %s", api.apiId, api.apiName, api.apfId, aefIds));
    }

    /** Every API the calling APF has published, oldest first. */
    @WithSession
    public Uni<List<PublishedApi>> list(AuthenticatedPeer peer) {
        return peers.registered(peer).chain(apf -> apis.ofApf(apf.apiProvFuncId));
    }

    /** One API of the calling APF; 404 if it has none with that id. */
    @WithSession
    public Uni<PublishedApi> get(AuthenticatedPeer peer, String apiId) {
        return peers.registered(peer).chain(apf -> apis.findById(apiId).map(api -> own(apf, api, apiId)));
    }

    /** Full update (PUT): replaces the description; the API name cannot change. */
    @WithTransaction
    public Uni<PublishedApi> replace(AuthenticatedPeer peer, String apiId, ServiceAPIDescription body) {
        List<String> aefIds = validator.validate(body, apiId);
        return peers.registered(peer).chain(apf -> apis.findForUpdate(apiId)
                .map(api -> own(apf, api, apiId))
                .call(api -> requireOwnAefs(apf, aefIds))
                .chain(api -> update(api, body, aefIds)));
    }

    /**
     * Partial update (PATCH, RFC 7396 JSON merge patch of {@code ServiceAPIDescriptionPatch}): the patch is merged
     * into the current description and the result is validated like a PUT.
     */
    @WithTransaction
    public Uni<PublishedApi> patch(AuthenticatedPeer peer, String apiId, ObjectNode patch) {
        return peers.registered(peer).chain(apf -> apis.findForUpdate(apiId)
                .map(api -> own(apf, api, apiId))
                .chain(api -> {
                    ServiceAPIDescription merged =
                            JsonMergePatch.merge(json, description(api), patch, ServiceAPIDescription.class);
                    List<String> aefIds = validator.validate(merged, apiId);
                    return requireOwnAefs(apf, aefIds).chain(() -> update(api, merged, aefIds));
                }));
    }

    /** Unpublishes (DELETE): the API is gone for every invoker, at once everywhere. */
    @WithTransaction
    public Uni<Void> unpublish(AuthenticatedPeer peer, String apiId) {
        return peers.registered(peer)
                .chain(apf -> apis.findForUpdate(apiId).map(api -> own(apf, api, apiId)))
                .chain(this::remove)
                .invoke(api ->
                        LOG.infof("unpublished service API %s (%s) by APF %s", api.apiId, api.apiName, api.apfId))
                .replaceWithVoid();
    }

    /** Reads a PATCH body: a JSON object changing only members of {@code ServiceAPIDescriptionPatch}. */
    public ObjectNode parsePatch(byte[] body) {
        return JsonMergePatch.parse(json, body, PATCHABLE, "ServiceAPIDescriptionPatch");
    }

    /**
     * Withdraws the APIs that depend on functions leaving the domain {@code apiProvDomId} (called inside the
     * registration change's transaction): APIs published by a removed APF are unpublished; a removed AEF leaves the
     * profiles of the APIs it exposed, and an API left without any AEF is unpublished. {@code everything} unpublishes
     * every API of the domain (deregistration).
     */
    public Uni<Void> withdraw(String apiProvDomId, Set<String> removedFunctions, boolean everything) {
        return apis.ofDomainForUpdate(apiProvDomId).chain(list -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (PublishedApi api : list) {
                if (everything || removedFunctions.contains(api.apfId)) {
                    all = all.chain(() -> remove(api).replaceWithVoid());
                    continue;
                }
                ServiceAPIDescription d = description(api);
                List<AefProfile> kept = d.aefProfiles().stream()
                        .filter(p -> !removedFunctions.contains(p.aefId()))
                        .toList();
                if (kept.size() == d.aefProfiles().size()) {
                    continue;
                }
                if (kept.isEmpty()) {
                    all = all.chain(() -> remove(api).replaceWithVoid());
                    continue;
                }
                ServiceAPIDescription narrowed = withoutAefs(d.withAefProfiles(kept), removedFunctions);
                List<String> aefIds = kept.stream().map(AefProfile::aefId).toList();
                all = all.chain(() -> update(api, narrowed, aefIds).replaceWithVoid());
            }
            return all;
        });
    }

    private Uni<PublishedApi> update(PublishedApi api, ServiceAPIDescription body, List<String> aefIds) {
        if (!api.apiName.equals(body.apiName())) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "The apiName of a published API cannot change (token scopes name it); publish a new API instead.",
                    new org.capif.common.problem.InvalidParam("/apiName", "differs from the published " + api.apiName));
        }
        api.description = EventCodec.encode(body.withApiId(api.apiId));
        api.version++;
        api.updatedAt = clock.instant();
        return Panache.getSession()
                .chain(s -> s.flush())
                .chain(() -> apis.exposeAt(api.apiId, api.apiName, aefIds))
                .chain(() -> append(events.published(api, ServiceApiEventType.SERVICE_API_UPDATE)))
                .replaceWith(api)
                .onFailure(PublishService::nameTaken)
                .transform(e -> nameTakenProblem());
    }

    private Uni<PublishedApi> remove(PublishedApi api) {
        return apis.delete(api)
                .chain(() -> append(events.unpublished(api, api.version + 1)))
                .replaceWith(api);
    }

    private static ServiceAPIDescription withoutAefs(ServiceAPIDescription d, Set<String> removed) {
        if (d.apiStatus() == null || d.apiStatus().aefIds() == null) {
            return d;
        }
        List<String> active = new ArrayList<>(d.apiStatus().aefIds());
        active.removeAll(removed);
        return new ServiceAPIDescription(
                d.apiName(),
                d.apiId(),
                new ApiStatus(active),
                d.aefProfiles(),
                d.description(),
                d.supportedFeatures(),
                d.shareableInfo(),
                d.serviceAPICategory(),
                d.apiSuppFeats(),
                d.pubApiPath(),
                d.ccfId());
    }

    /** 403 {@code AEF_NOT_IN_DOMAIN} unless every AEF id is a registered AEF of the APF's own provider domain. */
    private Uni<Void> requireOwnAefs(RegisteredFunction apf, List<String> aefIds) {
        return functions
                .list("domain.apiProvDomId = ?1 and role = ?2", apf.domain.apiProvDomId, CapifRole.AEF)
                .invoke(aefs -> {
                    Set<String> own =
                            aefs.stream().map(f -> f.apiProvFuncId).collect(java.util.stream.Collectors.toSet());
                    List<String> foreign =
                            aefIds.stream().filter(id -> !own.contains(id)).toList();
                    if (!foreign.isEmpty()) {
                        throw CapifException.forbidden(
                                Causes.AEF_NOT_IN_DOMAIN,
                                "An APF may publish only on AEFs of its own API provider domain; these are not: "
                                        + foreign + ".");
                    }
                })
                .replaceWithVoid();
    }

    /** The API if the APF published it; 404 {@code SERVICE_API_NOT_FOUND} otherwise (another APF's API too). */
    private static PublishedApi own(RegisteredFunction apf, PublishedApi api, String apiId) {
        if (api == null || !api.apfId.equals(apf.apiProvFuncId)) {
            throw CapifException.notFound(
                    Causes.SERVICE_API_NOT_FOUND, "This APF has published no service API " + apiId + ".");
        }
        return api;
    }

    /** The description as published. */
    public static ServiceAPIDescription description(PublishedApi api) {
        return EventCodec.decode(api.description, ServiceAPIDescription.class);
    }

    private static Uni<Void> append(OutboxRecord record) {
        return Panache.getSession().chain(session -> Outbox.append(session, record));
    }

    private static boolean nameTaken(Throwable t) {
        String constraint = SqlFailures.uniqueViolation(t);
        return constraint != null && constraint.contains("service_api_aef_name");
    }

    private static CapifException nameTakenProblem() {
        return CapifException.forbidden(
                Causes.API_NAME_ALREADY_PUBLISHED,
                "Another published service API already has this apiName at one of these AEFs.");
    }
}
