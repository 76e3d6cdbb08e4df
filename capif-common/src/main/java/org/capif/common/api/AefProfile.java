package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * TS 29.222 §8.2.4.2.3 {@code AefProfile}: which AEF exposes an API, in which versions, over which protocol and data
 * format, with which CAPIF-2e security methods; exactly one of {@code domainName} and {@code interfaceDescriptions}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AefProfile(
        String aefId,
        List<Version> versions,
        String protocol,
        String dataFormat,
        List<String> securityMethods,
        String domainName,
        List<InterfaceDescription> interfaceDescriptions,
        AefLocation aefLocation,
        ServiceKpis serviceKpis,
        IpAddrRange ueIpRange) {

    /**
     * The security methods the AEF supports for the API: those of the profile, or, where the profile names none, every
     * method its interfaces name (an interface's own methods take precedence for that interface, TS 29.222
     * §8.2.4.2.5). Order of first appearance, no duplicates.
     */
    public List<String> effectiveSecurityMethods() {
        Set<String> methods = new LinkedHashSet<>();
        if (securityMethods != null) {
            methods.addAll(securityMethods);
        }
        if (interfaceDescriptions != null) {
            for (InterfaceDescription i : interfaceDescriptions) {
                if (i != null && i.securityMethods() != null) {
                    methods.addAll(i.securityMethods());
                }
            }
        }
        return List.copyOf(methods);
    }
}
