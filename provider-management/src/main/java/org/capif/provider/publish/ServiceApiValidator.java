package org.capif.provider.publish;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.capif.common.api.AefLocation;
import org.capif.common.api.AefProfile;
import org.capif.common.api.CustomOperation;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.api.IpAddrRange;
import org.capif.common.api.NetworkAddresses;
import org.capif.common.api.Resource;
import org.capif.common.api.SecurityMethods;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.ServiceKpis;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.FieldErrors;
import org.capif.common.problem.InvalidParam;
import org.capif.provider.ProviderManagementConfig;

/**
 * Checks a {@code ServiceAPIDescription} an APF publishes or updates (TS 29.222 §8.2.4.2.2), and refuses it with one
 * 400 listing every invalid field as a JSON pointer. Beyond the YAML's structure (mandatory fields, the
 * {@code domainName} / {@code interfaceDescriptions} and address {@code oneOf}s) it holds what CAPIF relies on:
 * {@code apiName} and {@code aefId}s are identifiers usable in token scopes; only the enumeration values TS 29.222
 * defines for protocol, data format, communication type, HTTP operation and security method (CAPIF acts on them); every
 * AEF profile offers at least one security method; resource URIs are relative paths; published interfaces are
 * reachable addresses, not addresses inside the operator's network (unless the operator allows it); and bounded sizes.
 */
@ApplicationScoped
public class ServiceApiValidator {

    static final int MAX_PROFILES = 32;
    static final int MAX_VERSIONS = 16;
    static final int MAX_RESOURCES = 256;
    static final int MAX_TEXT = 4096;
    static final int MAX_SHORT_TEXT = 256;

    static final Set<String> PROTOCOLS = Set.of("HTTP_1_1", "HTTP_2", "MQTT", "WEBSOCKET");
    static final Set<String> DATA_FORMATS = Set.of("JSON", "XML", "PROTOBUF3");
    static final Set<String> COMM_TYPES = Set.of("REQUEST_RESPONSE", "SUBSCRIBE_NOTIFY");
    static final Set<String> OPERATIONS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** A relative URI path: segments of unreserved characters, percent-encodings or {@code {variable}}s. */
    private static final Pattern PATH =
            Pattern.compile("^(/([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2}|\\{[A-Za-z0-9_.-]{1,64}\\})*)+$");

    private static final Pattern KPI_COMPUTE =
            Pattern.compile("^\\d+(\\.\\d+)? (kFLOPS|MFLOPS|GFLOPS|TFLOPS|PFLOPS|EFLOPS|ZFLOPS)$");
    private static final Pattern KPI_MEMORY = Pattern.compile("^\\d+(\\.\\d+)? (KB|MB|GB|TB|PB|EB|ZB|YB)$");

    private final boolean allowInternalAddresses;

    public ServiceApiValidator(ProviderManagementConfig config) {
        this.allowInternalAddresses = config.publish().allowInternalAddresses();
    }

    /**
     * Validates a description published ({@code pathApiId} null: {@code apiId} must be absent) or updated (PUT:
     * {@code apiId} may be sent and must then equal the URI's). Returns the AEF ids of its profiles, in order.
     */
    public List<String> validate(ServiceAPIDescription body, String pathApiId) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (ServiceAPIDescription) is required.",
                    new InvalidParam("/", "missing body"));
        }
        FieldErrors errors = new FieldErrors();
        if (errors.require(body.apiName(), "/apiName") && !identifier(body.apiName())) {
            errors.incorrect(
                    "/apiName", "must match " + CapifIdentity.ID_PATTERN.pattern() + " (used in token scopes)");
        }
        if (pathApiId == null && body.apiId() != null) {
            errors.incorrect("/apiId", "read-only: assigned by CAPIF, must not be sent");
        } else if (pathApiId != null && body.apiId() != null && !pathApiId.equals(body.apiId())) {
            errors.incorrect("/apiId", "does not match the serviceApiId in the URI");
        }
        errors.maxLength(body.description(), MAX_TEXT, "/description");
        errors.maxLength(body.serviceAPICategory(), MAX_SHORT_TEXT, "/serviceAPICategory");
        errors.maxLength(body.ccfId(), MAX_SHORT_TEXT, "/ccfId");
        errors.supportedFeatures(body.supportedFeatures(), "/supportedFeatures");
        errors.supportedFeatures(body.apiSuppFeats(), "/apiSuppFeats");
        if (body.shareableInfo() != null) {
            if (body.shareableInfo().isShareable() == null) {
                errors.missing("/shareableInfo/isShareable", "mandatory");
            }
            list(body.shareableInfo().capifProvDoms(), "/shareableInfo/capifProvDoms", MAX_PROFILES, errors);
        }
        if (body.pubApiPath() != null) {
            list(body.pubApiPath().ccfIds(), "/pubApiPath/ccfIds", MAX_PROFILES, errors);
        }
        Set<String> aefIds = new LinkedHashSet<>();
        List<AefProfile> profiles = body.aefProfiles();
        if (profiles == null || profiles.isEmpty()) {
            errors.missing("/aefProfiles", "mandatory: at least one AEF profile (the AEFs that expose the API)");
        } else if (profiles.size() > MAX_PROFILES) {
            errors.incorrect("/aefProfiles", "at most " + MAX_PROFILES + " AEF profiles");
        } else {
            for (int i = 0; i < profiles.size(); i++) {
                AefProfile p = profiles.get(i);
                String at = "/aefProfiles/" + i;
                if (p == null) {
                    errors.missing(at, "mandatory: an AEF profile, not null");
                    continue;
                }
                profile(p, at, errors);
                if (p.aefId() != null && !aefIds.add(p.aefId())) {
                    errors.incorrect(at + "/aefId", "the same AEF appears in two profiles");
                }
            }
        }
        if (body.apiStatus() != null) {
            if (body.apiStatus().aefIds() == null) {
                errors.missing("/apiStatus/aefIds", "mandatory");
            } else {
                for (int i = 0; i < body.apiStatus().aefIds().size(); i++) {
                    if (!aefIds.contains(body.apiStatus().aefIds().get(i))) {
                        errors.incorrect("/apiStatus/aefIds/" + i, "not an AEF of the API's aefProfiles");
                    }
                }
            }
        }
        errors.throwIfAny();
        return List.copyOf(aefIds);
    }

    private void profile(AefProfile p, String at, FieldErrors errors) {
        if (errors.require(p.aefId(), at + "/aefId") && !identifier(p.aefId())) {
            errors.incorrect(at + "/aefId", "not an AEF id");
        }
        if (p.versions() == null || p.versions().isEmpty()) {
            errors.missing(at + "/versions", "mandatory: at least one version");
        } else if (p.versions().size() > MAX_VERSIONS) {
            errors.incorrect(at + "/versions", "at most " + MAX_VERSIONS + " versions");
        } else {
            Set<String> names = new HashSet<>();
            for (int v = 0; v < p.versions().size(); v++) {
                version(p.versions().get(v), at + "/versions/" + v, names, errors);
            }
        }
        member(p.protocol(), PROTOCOLS, at + "/protocol", errors);
        member(p.dataFormat(), DATA_FORMATS, at + "/dataFormat", errors);
        methods(p.securityMethods(), at + "/securityMethods", errors);
        boolean domain = p.domainName() != null;
        boolean interfaces = p.interfaceDescriptions() != null;
        if (domain == interfaces) {
            errors.incorrect(at, "exactly one of domainName and interfaceDescriptions");
        }
        if (domain) {
            host(p.domainName(), at + "/domainName", errors);
        }
        boolean everyInterfaceHasMethods =
                interfaces && !p.interfaceDescriptions().isEmpty();
        if (interfaces) {
            if (p.interfaceDescriptions().isEmpty() || p.interfaceDescriptions().size() > MAX_PROFILES) {
                errors.incorrect(at + "/interfaceDescriptions", "1 to " + MAX_PROFILES + " interfaces");
            }
            for (int i = 0; i < p.interfaceDescriptions().size(); i++) {
                InterfaceDescription d = p.interfaceDescriptions().get(i);
                String di = at + "/interfaceDescriptions/" + i;
                if (d == null) {
                    errors.missing(di, "mandatory: an interface, not null");
                    everyInterfaceHasMethods = false;
                    continue;
                }
                anInterface(d, di, errors);
                everyInterfaceHasMethods &=
                        d.securityMethods() != null && !d.securityMethods().isEmpty();
            }
        }
        if ((p.securityMethods() == null || p.securityMethods().isEmpty()) && !everyInterfaceHasMethods) {
            errors.missing(
                    at + "/securityMethods",
                    "mandatory unless every interface names its own: the security methods the AEF supports");
        }
        location(p.aefLocation(), at + "/aefLocation", errors);
        kpis(p.serviceKpis(), at + "/serviceKpis", errors);
        ranges(p.ueIpRange(), at + "/ueIpRange", errors);
    }

    private static void version(Version v, String at, Set<String> names, FieldErrors errors) {
        if (v == null) {
            errors.missing(at, "mandatory: a version, not null");
            return;
        }
        if (errors.require(v.apiVersion(), at + "/apiVersion")) {
            if (!identifier(v.apiVersion()) || v.apiVersion().length() > 32) {
                errors.incorrect(at + "/apiVersion", "an API major version as in the URI, e.g. v1");
            } else if (!names.add(v.apiVersion())) {
                errors.incorrect(at + "/apiVersion", "the same version appears twice");
            }
        }
        if (v.expiry() != null) {
            try {
                OffsetDateTime.parse(v.expiry());
            } catch (DateTimeParseException e) {
                errors.incorrect(at + "/expiry", "must be an RFC 3339 date-time");
            }
        }
        if (v.resources() != null) {
            if (v.resources().isEmpty() || v.resources().size() > MAX_RESOURCES) {
                errors.incorrect(at + "/resources", "1 to " + MAX_RESOURCES + " resources");
            }
            for (int r = 0; r < v.resources().size(); r++) {
                resource(v.resources().get(r), at + "/resources/" + r, errors);
            }
        }
        operations(v.custOperations(), at + "/custOperations", errors);
    }

    private static void resource(Resource r, String at, FieldErrors errors) {
        if (r == null) {
            errors.missing(at, "mandatory: a resource, not null");
            return;
        }
        if (errors.require(r.resourceName(), at + "/resourceName")) {
            errors.maxLength(r.resourceName(), MAX_SHORT_TEXT, at + "/resourceName");
        }
        if (errors.require(r.commType(), at + "/commType")) {
            member(r.commType(), COMM_TYPES, at + "/commType", errors);
        }
        if (errors.require(r.uri(), at + "/uri")
                && (r.uri().length() > 1024 || !PATH.matcher(r.uri()).matches())) {
            errors.incorrect(at + "/uri", "a relative URI path starting with /, segments may be {variables}");
        }
        errors.maxLength(r.custOpName(), MAX_SHORT_TEXT, at + "/custOpName");
        errors.maxLength(r.description(), MAX_TEXT, at + "/description");
        httpMethods(r.operations(), at + "/operations", errors);
        operations(r.custOperations(), at + "/custOperations", errors);
    }

    private static void operations(List<CustomOperation> ops, String at, FieldErrors errors) {
        if (ops == null) {
            return;
        }
        if (ops.isEmpty() || ops.size() > MAX_RESOURCES) {
            errors.incorrect(at, "1 to " + MAX_RESOURCES + " custom operations");
        }
        for (int i = 0; i < ops.size(); i++) {
            CustomOperation op = ops.get(i);
            String oi = at + "/" + i;
            if (op == null) {
                errors.missing(oi, "mandatory: a custom operation, not null");
                continue;
            }
            if (errors.require(op.commType(), oi + "/commType")) {
                member(op.commType(), COMM_TYPES, oi + "/commType", errors);
            }
            if (errors.require(op.custOpName(), oi + "/custOpName")) {
                errors.maxLength(op.custOpName(), MAX_SHORT_TEXT, oi + "/custOpName");
            }
            errors.maxLength(op.description(), MAX_TEXT, oi + "/description");
            httpMethods(op.operations(), oi + "/operations", errors);
        }
    }

    private static void httpMethods(List<String> methods, String at, FieldErrors errors) {
        if (methods == null) {
            return;
        }
        if (methods.isEmpty()) {
            errors.incorrect(at, "at least one operation");
        }
        for (int i = 0; i < methods.size(); i++) {
            member(methods.get(i), OPERATIONS, at + "/" + i, errors);
        }
    }

    private static void methods(List<String> methods, String at, FieldErrors errors) {
        if (methods == null) {
            return;
        }
        if (methods.isEmpty()) {
            errors.incorrect(at, "at least one security method");
        }
        for (int i = 0; i < methods.size(); i++) {
            member(methods.get(i), SecurityMethods.KNOWN, at + "/" + i, errors);
        }
    }

    private void anInterface(InterfaceDescription d, String at, FieldErrors errors) {
        int given = (d.ipv4Addr() != null ? 1 : 0) + (d.ipv6Addr() != null ? 1 : 0) + (d.fqdn() != null ? 1 : 0);
        if (given != 1) {
            errors.incorrect(at, "exactly one of ipv4Addr, ipv6Addr and fqdn");
        }
        if (d.ipv4Addr() != null) {
            address(d.ipv4Addr(), NetworkAddresses::ipv4, "an IPv4 address", at + "/ipv4Addr", errors);
        }
        if (d.ipv6Addr() != null) {
            address(d.ipv6Addr(), NetworkAddresses::ipv6, "an IPv6 address", at + "/ipv6Addr", errors);
        }
        if (d.fqdn() != null) {
            host(d.fqdn(), at + "/fqdn", errors);
        }
        if (d.port() != null && (d.port() < 0 || d.port() > 65535)) {
            errors.incorrect(at + "/port", "0 to 65535");
        }
        if (d.apiPrefix() != null
                && (d.apiPrefix().length() > 1024
                        || !PATH.matcher(d.apiPrefix()).matches())) {
            errors.incorrect(at + "/apiPrefix", "a path starting with /");
        }
        methods(d.securityMethods(), at + "/securityMethods", errors);
    }

    private void address(
            String literal,
            Function<String, Optional<InetAddress>> parser,
            String what,
            String at,
            FieldErrors errors) {
        Optional<InetAddress> address = parser.apply(literal);
        if (address.isEmpty()) {
            errors.incorrect(at, "must be " + what);
        } else if (!allowInternalAddresses && NetworkAddresses.isInternal(address.get())) {
            errors.incorrect(at, "an address inside the operator's network cannot be published to invokers");
        }
    }

    private void host(String name, String at, FieldErrors errors) {
        if (!NetworkAddresses.isHostName(name)) {
            errors.incorrect(at, "must be a DNS host name");
        } else if (!allowInternalAddresses && NetworkAddresses.isInternalName(name)) {
            errors.incorrect(at, "a name inside the operator's network cannot be published to invokers");
        }
    }

    private static void location(AefLocation l, String at, FieldErrors errors) {
        if (l == null) {
            return;
        }
        errors.maxLength(l.dcId(), MAX_SHORT_TEXT, at + "/dcId");
        if (l.civicAddr() != null && !l.civicAddr().isObject()) {
            errors.incorrect(at + "/civicAddr", "must be a CivicAddress object");
        }
        if (l.geoArea() != null && !l.geoArea().isObject()) {
            errors.incorrect(at + "/geoArea", "must be a GeographicArea object");
        }
    }

    private static void kpis(ServiceKpis k, String at, FieldErrors errors) {
        if (k == null) {
            return;
        }
        nonNegative(k.maxReqRate(), at + "/maxReqRate", errors);
        nonNegative(k.maxRestime(), at + "/maxRestime", errors);
        nonNegative(k.availability(), at + "/availability", errors);
        nonNegative(k.conBand(), at + "/conBand", errors);
        matches(k.avalComp(), KPI_COMPUTE, at + "/avalComp", errors);
        matches(k.avalGraComp(), KPI_COMPUTE, at + "/avalGraComp", errors);
        matches(k.avalMem(), KPI_MEMORY, at + "/avalMem", errors);
        matches(k.avalStor(), KPI_MEMORY, at + "/avalStor", errors);
    }

    private static void ranges(IpAddrRange r, String at, FieldErrors errors) {
        if (r == null) {
            return;
        }
        if (r.ueIpv4AddrRanges() == null && r.ueIpv6AddrRanges() == null) {
            errors.incorrect(at, "at least one of ueIpv4AddrRanges and ueIpv6AddrRanges");
        }
        range(r.ueIpv4AddrRanges(), NetworkAddresses::ipv4, at + "/ueIpv4AddrRanges", errors);
        range(r.ueIpv6AddrRanges(), NetworkAddresses::ipv6, at + "/ueIpv6AddrRanges", errors);
    }

    private static void range(
            List<IpAddrRange.AddressRange> ranges,
            Function<String, Optional<InetAddress>> parser,
            String at,
            FieldErrors errors) {
        if (ranges == null) {
            return;
        }
        if (ranges.isEmpty() || ranges.size() > MAX_RESOURCES) {
            errors.incorrect(at, "1 to " + MAX_RESOURCES + " ranges");
        }
        for (int i = 0; i < ranges.size(); i++) {
            IpAddrRange.AddressRange range = ranges.get(i);
            if (range == null
                    || parser.apply(range.start()).isEmpty()
                    || parser.apply(range.end()).isEmpty()) {
                errors.incorrect(at + "/" + i, "start and end must be addresses of the range's family");
            }
        }
    }

    private static void list(List<String> values, String at, int max, FieldErrors errors) {
        if (values == null) {
            return;
        }
        if (values.isEmpty() || values.size() > max || values.contains(null)) {
            errors.incorrect(at, "1 to " + max + " entries, none null");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            errors.maxLength(values.get(i), MAX_SHORT_TEXT, at + "/" + i);
        }
    }

    private static void member(String value, Set<String> allowed, String at, FieldErrors errors) {
        if (value != null && !allowed.contains(value)) {
            errors.incorrect(at, "must be one of " + allowed.stream().sorted().toList());
        }
    }

    private static void nonNegative(Long value, String at, FieldErrors errors) {
        if (value != null && value < 0) {
            errors.incorrect(at, "must not be negative");
        }
    }

    private static void matches(String value, Pattern pattern, String at, FieldErrors errors) {
        if (value != null && !pattern.matcher(value).matches()) {
            errors.incorrect(at, "must match " + pattern.pattern());
        }
    }

    static boolean identifier(String value) {
        return value != null && CapifIdentity.ID_PATTERN.matcher(value).matches();
    }
}
