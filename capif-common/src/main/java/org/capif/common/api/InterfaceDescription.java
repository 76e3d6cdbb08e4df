package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.2.4.2.5 {@code InterfaceDescription}: one AEF interface (exactly one of {@code ipv4Addr},
 * {@code ipv6Addr}, {@code fqdn}); its {@code securityMethods}, when present, override the AEF profile's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterfaceDescription(
        String ipv4Addr, String ipv6Addr, String fqdn, Integer port, String apiPrefix, List<String> securityMethods) {}
