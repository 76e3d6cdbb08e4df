package org.capif.invoker.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.common.api.AefLocation;
import org.capif.common.api.AefProfile;
import org.capif.common.api.CustomOperation;
import org.capif.common.api.IpAddrRange;
import org.capif.common.api.NetworkAddresses;
import org.capif.common.api.Resource;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.ServiceKpis;
import org.capif.common.api.Version;
import org.capif.common.problem.FieldErrors;

/**
 * The filters of a TS 29.222 §8.1.2.2.3.1 discovery request ({@code GET /allServiceAPIs}), parsed and checked, and
 * their application to one published API. An API matches when its name, category and supported features match and at
 * least one of its active AEF profiles matches every profile filter; the answer keeps only the matching profiles (the
 * YAML: "each service API description shall include AEF profiles matching the filter criteria"), those at the
 * preferred location first. {@code req-api-prov-name} is not evaluated: CAPIF records no provider names, so a request
 * naming one matches no API.
 */
public final class DiscoveryQuery {

    /** The query parameters of the YAML. */
    static final Set<String> PARAMETERS = Set.of(
            "api-invoker-id",
            "api-name",
            "api-version",
            "comm-type",
            "protocol",
            "aef-id",
            "data-format",
            "api-cat",
            "preferred-aef-loc",
            "req-api-prov-name",
            "supported-features",
            "api-supported-features",
            "ue-ip-addr",
            "service-kpis");

    private static final Pattern AMOUNT = Pattern.compile("^(\\d+(?:\\.\\d+)?) ([A-Za-z]+)$");
    private static final Map<String, Integer> COMPUTE =
            Map.of("kFLOPS", 1, "MFLOPS", 2, "GFLOPS", 3, "TFLOPS", 4, "PFLOPS", 5, "EFLOPS", 6, "ZFLOPS", 7);
    private static final Map<String, Integer> MEMORY =
            Map.of("KB", 1, "MB", 2, "GB", 3, "TB", 4, "PB", 5, "EB", 6, "ZB", 7, "YB", 8);

    /** TS 29.222 {@code IpAddrInfo}. */
    record IpAddrInfo(String ipv4Addr, String ipv6Addr) {}

    final String apiInvokerId;
    private final String apiName;
    private final String apiVersion;
    private final String commType;
    private final String protocol;
    private final String aefId;
    private final String dataFormat;
    private final String apiCat;
    private final AefLocation preferredLocation;
    private final String providerName;
    private final byte[] apiSupportedFeatures;
    private final InetAddress ueAddress;
    private final ServiceKpis kpis;

    private DiscoveryQuery(Map<String, String> p, ObjectMapper json, FieldErrors errors) {
        apiInvokerId = p.get("api-invoker-id");
        errors.require(apiInvokerId, "api-invoker-id");
        apiName = p.get("api-name");
        apiVersion = p.get("api-version");
        commType = p.get("comm-type");
        protocol = p.get("protocol");
        aefId = p.get("aef-id");
        dataFormat = p.get("data-format");
        apiCat = p.get("api-cat");
        providerName = p.get("req-api-prov-name");
        errors.supportedFeatures(p.get("supported-features"), "supported-features");
        String asf = p.get("api-supported-features");
        errors.supportedFeatures(asf, "api-supported-features");
        if (asf != null && apiName == null) {
            errors.incorrect("api-supported-features", "may only be present with api-name");
        }
        apiSupportedFeatures =
                asf == null || !FieldErrors.SUPPORTED_FEATURES.matcher(asf).matches() ? null : bits(asf);
        preferredLocation = json(p.get("preferred-aef-loc"), AefLocation.class, "preferred-aef-loc", json, errors);
        kpis = json(p.get("service-kpis"), ServiceKpis.class, "service-kpis", json, errors);
        IpAddrInfo ue = json(p.get("ue-ip-addr"), IpAddrInfo.class, "ue-ip-addr", json, errors);
        InetAddress address = null;
        if (ue != null) {
            Optional<InetAddress> parsed = (ue.ipv4Addr() != null) == (ue.ipv6Addr() != null)
                    ? Optional.empty()
                    : ue.ipv4Addr() != null
                            ? NetworkAddresses.ipv4(ue.ipv4Addr())
                            : NetworkAddresses.ipv6(ue.ipv6Addr());
            if (parsed.isEmpty()) {
                errors.incorrect("ue-ip-addr", "exactly one of ipv4Addr and ipv6Addr, a valid address");
            } else {
                address = parsed.get();
            }
        }
        ueAddress = address;
    }

    /**
     * Parses the query parameters (each at most once: 400 otherwise); unknown parameters are ignored (TS 29.501
     * §5.2.3: extensibility).
     */
    public static DiscoveryQuery parse(Map<String, List<String>> query, ObjectMapper json) {
        FieldErrors errors = new FieldErrors();
        Map<String, String> single = new java.util.HashMap<>();
        query.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                return;
            }
            if (values.size() != 1) {
                errors.incorrect(name, "must be given once");
            } else if (values.get(0).length() > 4096) {
                errors.incorrect(name, "too long");
            } else {
                single.put(name, values.get(0));
            }
        });
        DiscoveryQuery q = new DiscoveryQuery(single, json, errors);
        errors.throwIfAny();
        return q;
    }

    /** The API as the invoker discovers it with this query, or empty if it does not match. */
    public Optional<ServiceAPIDescription> match(ServiceAPIDescription published) {
        ServiceAPIDescription api = published.forInvokers();
        if (api == null
                || providerName != null
                || (apiName != null && !apiName.equals(api.apiName()))
                || (apiCat != null && !apiCat.equals(api.serviceAPICategory()))
                || (apiSupportedFeatures != null && !covers(api.apiSuppFeats(), apiSupportedFeatures))) {
            return Optional.empty();
        }
        List<AefProfile> profiles =
                new ArrayList<>(api.aefProfiles().stream().filter(this::matches).toList());
        if (profiles.isEmpty()) {
            return Optional.empty();
        }
        if (preferredLocation != null && preferredLocation.dcId() != null) {
            profiles.sort(Comparator.comparing((AefProfile p) -> p.aefLocation() == null
                    || !preferredLocation.dcId().equals(p.aefLocation().dcId())));
        }
        return Optional.of(api.withAefProfiles(List.copyOf(profiles)));
    }

    private boolean matches(AefProfile p) {
        return (aefId == null || aefId.equals(p.aefId()))
                && (protocol == null || protocol.equals(p.protocol()))
                && (dataFormat == null || dataFormat.equals(p.dataFormat()))
                && (apiVersion == null || versions(p).anyMatch(v -> apiVersion.equals(v.apiVersion())))
                && (commType == null || commTypes(p).anyMatch(commType::equals))
                && (ueAddress == null || serves(p.ueIpRange(), ueAddress))
                && (kpis == null || meets(p.serviceKpis(), kpis));
    }

    private static java.util.stream.Stream<Version> versions(AefProfile p) {
        return p.versions() == null
                ? java.util.stream.Stream.empty()
                : p.versions().stream().filter(Objects::nonNull);
    }

    private static java.util.stream.Stream<String> commTypes(AefProfile p) {
        return versions(p).flatMap(v -> {
            List<String> types = new ArrayList<>();
            if (v.resources() != null) {
                for (Resource r : v.resources()) {
                    types.add(r.commType());
                    if (r.custOperations() != null) {
                        r.custOperations().stream()
                                .map(CustomOperation::commType)
                                .forEach(types::add);
                    }
                }
            }
            if (v.custOperations() != null) {
                v.custOperations().stream().map(CustomOperation::commType).forEach(types::add);
            }
            return types.stream();
        });
    }

    /** A profile without UE ranges serves every UE; otherwise the address must fall in one of its ranges. */
    private static boolean serves(IpAddrRange ranges, InetAddress ue) {
        if (ranges == null) {
            return true;
        }
        List<IpAddrRange.AddressRange> family =
                ue instanceof java.net.Inet4Address ? ranges.ueIpv4AddrRanges() : ranges.ueIpv6AddrRanges();
        if (family == null) {
            return false;
        }
        Function<String, Optional<InetAddress>> parser =
                ue instanceof java.net.Inet4Address ? NetworkAddresses::ipv4 : NetworkAddresses::ipv6;
        java.math.BigInteger at = new java.math.BigInteger(1, ue.getAddress());
        for (IpAddrRange.AddressRange r : family) {
            Optional<InetAddress> start = parser.apply(r.start());
            Optional<InetAddress> end = parser.apply(r.end());
            if (start.isPresent()
                    && end.isPresent()
                    && new java.math.BigInteger(1, start.get().getAddress()).compareTo(at) <= 0
                    && new java.math.BigInteger(1, end.get().getAddress()).compareTo(at) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the advertised KPIs meet every requested one (a KPI the profile does not advertise is not met). */
    static boolean meets(ServiceKpis offered, ServiceKpis wanted) {
        if (offered == null) {
            return false;
        }
        return atLeast(offered.maxReqRate(), wanted.maxReqRate())
                && atLeast(offered.availability(), wanted.availability())
                && atLeast(offered.conBand(), wanted.conBand())
                && (wanted.maxRestime() == null
                        || (offered.maxRestime() != null && offered.maxRestime() <= wanted.maxRestime()))
                && amountAtLeast(offered.avalComp(), wanted.avalComp(), COMPUTE)
                && amountAtLeast(offered.avalGraComp(), wanted.avalGraComp(), COMPUTE)
                && amountAtLeast(offered.avalMem(), wanted.avalMem(), MEMORY)
                && amountAtLeast(offered.avalStor(), wanted.avalStor(), MEMORY);
    }

    private static boolean atLeast(Long offered, Long wanted) {
        return wanted == null || (offered != null && offered >= wanted);
    }

    private static boolean amountAtLeast(String offered, String wanted, Map<String, Integer> units) {
        if (wanted == null) {
            return true;
        }
        BigDecimal o = amount(offered, units);
        BigDecimal w = amount(wanted, units);
        return o != null && w != null && o.compareTo(w) >= 0;
    }

    private static BigDecimal amount(String value, Map<String, Integer> units) {
        if (value == null) {
            return null;
        }
        Matcher m = AMOUNT.matcher(value);
        if (!m.matches() || !units.containsKey(m.group(2))) {
            return null;
        }
        return new BigDecimal(m.group(1)).scaleByPowerOfTen(3 * units.get(m.group(2)));
    }

    /** Whether the API's supported features include every requested feature bit. */
    private static boolean covers(String offered, byte[] wanted) {
        byte[] o = offered == null
                        || !FieldErrors.SUPPORTED_FEATURES.matcher(offered).matches()
                ? new byte[0]
                : bits(offered);
        for (int i = 0; i < wanted.length; i++) {
            byte have = i < o.length ? o[i] : 0;
            if ((wanted[i] & ~have) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Feature bits, least significant nibble first (the last character of the hex string covers features 1-4). */
    private static byte[] bits(String hex) {
        byte[] out = new byte[hex.length()];
        for (int i = 0; i < hex.length(); i++) {
            out[i] = (byte) HexFormat.fromHexDigit(hex.charAt(hex.length() - 1 - i));
        }
        return out;
    }

    private static <T> T json(String value, Class<T> type, String param, ObjectMapper json, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        try {
            T parsed = json.readValue(value, type);
            if (parsed == null) {
                errors.incorrect(param, "must be a JSON object (" + type.getSimpleName() + ")");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            errors.incorrect(param, "must be a JSON object (" + type.getSimpleName() + ")");
            return null;
        }
    }
}
