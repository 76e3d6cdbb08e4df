package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.2.4.2.2 {@code ServiceAPIDescription}: a service API as its API publishing function published it, and
 * as invokers discover it (CAPIF_Publish_Service_API, CAPIF_Discover_Service_API, {@code APIList} of
 * CAPIF_API_Invoker_Management_API).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceAPIDescription(
        String apiName,
        String apiId,
        ApiStatus apiStatus,
        List<AefProfile> aefProfiles,
        String description,
        String supportedFeatures,
        ShareableInformation shareableInfo,
        String serviceAPICategory,
        String apiSuppFeats,
        PublishedApiPath pubApiPath,
        String ccfId) {

    /** A description with only a name and id (e.g. an invoker naming an API it asks for). */
    public static ServiceAPIDescription named(String apiName, String apiId) {
        return new ServiceAPIDescription(apiName, apiId, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The AEFs at which the API is active: those of {@code apiStatus} when present (TS 29.222 ApiStatus), otherwise
     * every AEF of its profiles.
     */
    public List<String> activeAefIds() {
        List<String> all = aefProfiles == null
                ? List.of()
                : aefProfiles.stream()
                        .filter(java.util.Objects::nonNull)
                        .map(AefProfile::aefId)
                        .toList();
        if (apiStatus == null || apiStatus.aefIds() == null) {
            return all;
        }
        return all.stream().filter(apiStatus.aefIds()::contains).toList();
    }

    /** The profile of the API at an AEF where it is active, if any. */
    public java.util.Optional<AefProfile> activeProfile(String aefId) {
        if (aefId == null || !activeAefIds().contains(aefId)) {
            return java.util.Optional.empty();
        }
        return aefProfiles.stream()
                .filter(p -> p != null && aefId.equals(p.aefId()))
                .findFirst();
    }

    /**
     * What invokers see of a published API (discovery, the {@code apiList} of their enrolment): the API and the
     * profiles of the AEFs where it is active, exactly as the APF published them for invokers, without what concerns
     * only CAPIF and the provider domain ({@code apiStatus}, {@code shareableInfo}, {@code pubApiPath},
     * {@code ccfId}). Every profile names its security methods at profile level (the union of its interfaces' when the
     * APF named them only per interface), as clients read them there. Null if it is active at no AEF.
     */
    public ServiceAPIDescription forInvokers() {
        List<String> active = activeAefIds();
        if (active.isEmpty()) {
            return null;
        }
        List<AefProfile> profiles = aefProfiles.stream()
                .filter(p -> p != null && active.contains(p.aefId()))
                .map(p -> p.securityMethods() != null && !p.securityMethods().isEmpty()
                        ? p
                        : new AefProfile(
                                p.aefId(),
                                p.versions(),
                                p.protocol(),
                                p.dataFormat(),
                                p.effectiveSecurityMethods(),
                                p.domainName(),
                                p.interfaceDescriptions(),
                                p.aefLocation(),
                                p.serviceKpis(),
                                p.ueIpRange()))
                .toList();
        return new ServiceAPIDescription(
                apiName,
                apiId,
                null,
                profiles,
                description,
                supportedFeatures,
                null,
                serviceAPICategory,
                apiSuppFeats,
                null,
                null);
    }

    /** This description with another {@code apiId}. */
    public ServiceAPIDescription withApiId(String id) {
        return new ServiceAPIDescription(
                apiName,
                id,
                apiStatus,
                aefProfiles,
                description,
                supportedFeatures,
                shareableInfo,
                serviceAPICategory,
                apiSuppFeats,
                pubApiPath,
                ccfId);
    }

    /** This description with other AEF profiles. */
    public ServiceAPIDescription withAefProfiles(List<AefProfile> profiles) {
        return new ServiceAPIDescription(
                apiName,
                apiId,
                apiStatus,
                profiles,
                description,
                supportedFeatures,
                shareableInfo,
                serviceAPICategory,
                apiSuppFeats,
                pubApiPath,
                ccfId);
    }
}
