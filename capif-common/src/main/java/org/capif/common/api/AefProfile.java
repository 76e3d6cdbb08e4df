package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.2.4.2.3 {@code AefProfile}: which AEF exposes an API, in which versions, with which CAPIF-2e security
 * methods; exactly one of {@code domainName} and {@code interfaceDescriptions}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AefProfile(
        String aefId,
        List<Version> versions,
        String protocol,
        String dataFormat,
        List<String> securityMethods,
        String domainName,
        List<InterfaceDescription> interfaceDescriptions) {}
