package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** TS 29.222 {@code IpAddrRange}: the UE addresses an AEF serves (discovery filter {@code ue-ip-addr}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpAddrRange(List<AddressRange> ueIpv4AddrRanges, List<AddressRange> ueIpv6AddrRanges) {

    /** TS 29.571 {@code Ipv4AddressRange} / {@code Ipv6AddressRange}: inclusive bounds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AddressRange(String start, String end) {}
}
