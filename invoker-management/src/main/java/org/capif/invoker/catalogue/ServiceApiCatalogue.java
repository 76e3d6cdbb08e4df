package org.capif.invoker.catalogue;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.capif.common.api.AefProfile;
import org.capif.common.api.SecurityMethods;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.SubscribedApi;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.invoker.InvokerManagementConfig;

/**
 * The operator's catalogue of service APIs (from configuration) and the subscription rule: an invoker is granted
 * exactly the catalogue APIs it asks for at onboarding or update; asking for an API the catalogue does not have is a
 * 400 naming the entry, never a silent drop.
 */
@ApplicationScoped
public class ServiceApiCatalogue {

    private final Map<String, InvokerManagementConfig.ServiceApi> byId = new LinkedHashMap<>();

    public ServiceApiCatalogue(InvokerManagementConfig config) {
        for (InvokerManagementConfig.ServiceApi api : config.catalogue().apis()) {
            if (!CapifIdentity.ID_PATTERN.matcher(api.apiId()).matches()
                    || !CapifIdentity.ID_PATTERN.matcher(api.aefId()).matches()
                    || !CapifIdentity.ID_PATTERN.matcher(api.apiName()).matches()) {
                throw new IllegalStateException("catalogue entry " + api.apiId()
                        + ": apiId, apiName and aefId must match " + CapifIdentity.ID_PATTERN.pattern());
            }
            if (api.securityMethods().isEmpty() || !SecurityMethods.KNOWN.containsAll(api.securityMethods())) {
                throw new IllegalStateException("catalogue entry " + api.apiId()
                        + ": security-methods must be a non-empty" + " subset of " + SecurityMethods.KNOWN);
            }
            if (byId.put(api.apiId(), api) != null) {
                throw new IllegalStateException("catalogue: duplicate apiId " + api.apiId());
            }
        }
    }

    public Optional<InvokerManagementConfig.ServiceApi> byId(String apiId) {
        return Optional.ofNullable(byId.get(apiId));
    }

    /**
     * The catalogue entries matching the requested descriptions: by {@code apiId} when given, otherwise by
     * {@code apiName} and the {@code aefId} of its first AEF profile. Throws 400 {@code UNKNOWN_SERVICE_API} listing
     * every entry that matches nothing.
     */
    public List<String> grant(List<ServiceAPIDescription> requested, String pointer) {
        List<String> granted = new ArrayList<>();
        List<InvalidParam> unknown = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            Optional<InvokerManagementConfig.ServiceApi> match = match(requested.get(i));
            if (match.isPresent()) {
                if (!granted.contains(match.get().apiId())) {
                    granted.add(match.get().apiId());
                }
            } else {
                unknown.add(new InvalidParam(pointer + "/" + i, "no such service API in the CAPIF catalogue"));
            }
        }
        if (!unknown.isEmpty()) {
            throw CapifException.badRequest(
                    Causes.UNKNOWN_SERVICE_API,
                    "The request names service APIs that this CAPIF does not offer.",
                    unknown);
        }
        return granted;
    }

    private Optional<InvokerManagementConfig.ServiceApi> match(ServiceAPIDescription requested) {
        if (requested == null) {
            return Optional.empty();
        }
        if (requested.apiId() != null) {
            return byId(requested.apiId())
                    .filter(api -> requested.apiName() == null || api.apiName().equals(requested.apiName()));
        }
        String aefId = requested.aefProfiles() == null
                ? null
                : requested.aefProfiles().stream()
                        .filter(java.util.Objects::nonNull)
                        .map(p -> p.aefId())
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        return byId.values().stream()
                .filter(api -> api.apiName().equals(requested.apiName()))
                .filter(api -> aefId == null || api.aefId().equals(aefId))
                .findFirst();
    }

    /** The full TS 29.222 description of granted APIs, in grant order, skipping ids no longer in the catalogue. */
    public List<ServiceAPIDescription> describe(List<String> apiIds) {
        return apiIds.stream()
                .map(byId::get)
                .filter(java.util.Objects::nonNull)
                .map(ServiceApiCatalogue::description)
                .toList();
    }

    /** The subscription entries carried in invoker events. */
    public List<SubscribedApi> subscriptions(List<String> apiIds) {
        return apiIds.stream()
                .map(byId::get)
                .filter(java.util.Objects::nonNull)
                .map(api ->
                        new SubscribedApi(api.apiId(), api.apiName(), api.aefId(), List.copyOf(api.securityMethods())))
                .toList();
    }

    private static ServiceAPIDescription description(InvokerManagementConfig.ServiceApi api) {
        AefProfile profile = new AefProfile(
                api.aefId(),
                List.of(new Version(api.version())),
                null,
                null,
                List.copyOf(api.securityMethods()),
                api.domainName(),
                null);
        return new ServiceAPIDescription(
                api.apiName(), api.apiId(), List.of(profile), api.description().orElse(null), null);
    }
}
