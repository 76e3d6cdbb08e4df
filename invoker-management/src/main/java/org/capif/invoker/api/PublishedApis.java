package org.capif.invoker.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.event.EventCodec;
import org.capif.common.event.SubscribedApi;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * The published service APIs as this service knows them (its view of the service API events), and the subscription
 * rule: an invoker is granted exactly the published APIs it asks for at onboarding or update; asking for an API that is
 * not published is a 400 naming the entry, never a silent drop (decisions D5). Methods run inside the caller's session.
 */
@ApplicationScoped
public class PublishedApis {

    /** A published API: its id and its description as published. */
    public record Published(String apiId, ServiceAPIDescription description) {}

    /** Every published API (the discovery catalogue), in a stable order. */
    public Uni<List<Published>> all() {
        return query(
                "select api_id, description from published_api_view where status = 'PUBLISHED' order by api_id",
                Map.of());
    }

    /** The published APIs among these ids, in the order given; unpublished or unknown ids are left out. */
    public Uni<List<Published>> byIds(Collection<String> apiIds) {
        if (apiIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return query(
                        "select api_id, description from published_api_view where status = 'PUBLISHED'"
                                + " and api_id in (:ids)",
                        Map.of("ids", List.copyOf(apiIds)))
                .map(found -> {
                    Map<String, Published> byId = new LinkedHashMap<>();
                    found.forEach(p -> byId.put(p.apiId(), p));
                    return apiIds.stream()
                            .map(byId::get)
                            .filter(Objects::nonNull)
                            .toList();
                });
    }

    /**
     * The published APIs matching the requested descriptions: by {@code apiId} when given (the {@code apiName}, if
     * given too, must agree), otherwise by {@code apiName} and, when the request names one, the {@code aefId} of its
     * first AEF profile. Throws 400 {@code UNKNOWN_SERVICE_API} listing every entry that matches no published API, or
     * that matches several (the same name at several AEFs, and no AEF or apiId named).
     */
    public Uni<List<String>> grant(List<ServiceAPIDescription> requested, String pointer) {
        if (requested.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = requested.stream()
                .map(ServiceAPIDescription::apiId)
                .filter(Objects::nonNull)
                .toList();
        List<String> names = requested.stream()
                .filter(r -> r.apiId() == null)
                .map(ServiceAPIDescription::apiName)
                .filter(Objects::nonNull)
                .toList();
        return query(
                        "select api_id, description from published_api_view where status = 'PUBLISHED'"
                                + " and (api_id in (:ids) or api_name in (:names))",
                        Map.of(
                                "ids",
                                ids.isEmpty() ? List.of("") : ids,
                                "names",
                                names.isEmpty() ? List.of("") : names))
                .map(candidates -> {
                    List<String> granted = new ArrayList<>();
                    List<InvalidParam> unknown = new ArrayList<>();
                    for (int i = 0; i < requested.size(); i++) {
                        List<Published> matches = matches(requested.get(i), candidates);
                        if (matches.size() == 1) {
                            if (!granted.contains(matches.get(0).apiId())) {
                                granted.add(matches.get(0).apiId());
                            }
                        } else {
                            unknown.add(new InvalidParam(
                                    pointer + "/" + i,
                                    matches.isEmpty()
                                            ? "no such published service API"
                                            : "several published APIs have this name; name the apiId or an aefId"));
                        }
                    }
                    if (!unknown.isEmpty()) {
                        throw CapifException.badRequest(
                                Causes.UNKNOWN_SERVICE_API,
                                "The request names service APIs that are not published in this CAPIF.",
                                unknown);
                    }
                    return granted;
                });
    }

    /**
     * The APIs of a default subscription the operator put in an onboarding credential (used when the onboarding
     * names no APIs): {@code *} grants every API published now; an entry {@code apiName@aefId} the API of that name at
     * that AEF; any other entry the API with that id, or else every API with that name. Entries that match nothing
     * published any more are skipped: the operator chose them when minting, and the invoker can subscribe later.
     */
    public Uni<List<String>> grantDefault(List<String> entries) {
        return all().map(published -> {
            List<String> granted = new ArrayList<>();
            for (String entry : entries) {
                for (Published p : published) {
                    if (matchesDefault(entry, p) && !granted.contains(p.apiId())) {
                        granted.add(p.apiId());
                    }
                }
            }
            return granted;
        });
    }

    private static boolean matchesDefault(String entry, Published p) {
        if ("*".equals(entry)) {
            return !p.description().activeAefIds().isEmpty();
        }
        int at = entry.indexOf('@');
        if (at > 0) {
            return entry.substring(0, at).equals(p.description().apiName())
                    && p.description().activeAefIds().contains(entry.substring(at + 1));
        }
        return entry.equals(p.apiId()) || entry.equals(p.description().apiName());
    }

    /** What invokers see of the published APIs among these ids (discovery form), in the order given. */
    public Uni<List<ServiceAPIDescription>> describe(List<String> apiIds) {
        return byIds(apiIds).map(found -> found.stream()
                .map(p -> p.description().forInvokers())
                .filter(Objects::nonNull)
                .toList());
    }

    /**
     * The subscription entries carried in invoker events: one per granted API and AEF where it is active, with the
     * security methods that AEF supports for it.
     */
    public Uni<List<SubscribedApi>> subscriptions(List<String> apiIds) {
        return byIds(apiIds).map(found -> {
            List<SubscribedApi> out = new ArrayList<>();
            for (Published p : found) {
                for (String aefId : p.description().activeAefIds()) {
                    Optional<AefProfile> profile = p.description().activeProfile(aefId);
                    profile.ifPresent(prof -> out.add(new SubscribedApi(
                            p.apiId(), p.description().apiName(), aefId, prof.effectiveSecurityMethods())));
                }
            }
            return out;
        });
    }

    private static List<Published> matches(ServiceAPIDescription requested, List<Published> candidates) {
        if (requested == null) {
            return List.of();
        }
        if (requested.apiId() != null) {
            return candidates.stream()
                    .filter(p -> p.apiId().equals(requested.apiId()))
                    .filter(p -> requested.apiName() == null
                            || requested.apiName().equals(p.description().apiName()))
                    .toList();
        }
        String aefId = requested.aefProfiles() == null
                ? null
                : requested.aefProfiles().stream()
                        .filter(Objects::nonNull)
                        .map(AefProfile::aefId)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        return candidates.stream()
                .filter(p -> p.description().apiName().equals(requested.apiName()))
                .filter(p -> aefId == null || p.description().activeAefIds().contains(aefId))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Uni<List<Published>> query(String sql, Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var q = session.createNativeQuery(sql, Object[].class);
            parameters.forEach(q::setParameter);
            return q.getResultList().map(rows -> rows.stream()
                    .map(r ->
                            new Published((String) r[0], EventCodec.decode((String) r[1], ServiceAPIDescription.class)))
                    .toList());
        });
    }
}
