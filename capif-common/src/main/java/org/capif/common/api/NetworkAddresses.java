package org.capif.common.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Address and host name checks for values that outsiders choose and others will connect to (published AEF
 * interfaces, callback URLs): literal syntax without any DNS lookup, and whether an address or name points inside an
 * operator's network (loopback, link-local, private, carrier-grade NAT, unspecified, cluster-internal names). Keeping
 * those out of what invokers see is topology hiding (TS 23.222 AR-4.3.2-a).
 */
public final class NetworkAddresses {

    private static final Pattern IPV4 =
            Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

    private NetworkAddresses() {}

    /** The IPv4 address of a dotted-quad literal (no leading zeros), or empty. */
    public static Optional<InetAddress> ipv4(String literal) {
        if (literal == null || !IPV4.matcher(literal).matches()) {
            return Optional.empty();
        }
        return parse(literal).filter(a -> a instanceof Inet4Address);
    }

    /** The IPv6 address of a literal (RFC 4291 §2.2 text forms, no zone id), or empty. */
    public static Optional<InetAddress> ipv6(String literal) {
        if (literal == null
                || !literal.contains(":")
                || !IPV6_CHARS.matcher(literal).matches()) {
            return Optional.empty();
        }
        return parse(literal).filter(a -> a instanceof Inet6Address);
    }

    /** Whether {@code name} is a syntactically valid DNS host name (RFC 1123), at most 253 characters. */
    public static boolean isHostName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !IPV4.matcher(n).matches();
    }

    /**
     * Whether the address is inside an operator's network rather than on the internet: unspecified, loopback,
     * link-local, site-local/private (RFC 1918), unique local (RFC 4193), carrier-grade NAT (RFC 6598), multicast, or
     * an IPv4-mapped form of one of those.
     */
    public static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240;
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7
    }

    /**
     * Whether a host name can only mean something inside an operator's network: {@code localhost}, single-label names,
     * and the suffixes {@code .localhost}, {@code .local}, {@code .internal}, {@code .lan}, {@code .home.arpa} and
     * Kubernetes' {@code .svc} / {@code .cluster.local}.
     */
    public static boolean isInternalName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return !n.contains(".")
                || n.endsWith(".localhost")
                || n.endsWith(".local")
                || n.endsWith(".internal")
                || n.endsWith(".lan")
                || n.endsWith(".home.arpa")
                || n.endsWith(".svc")
                || n.contains(".svc.")
                || n.endsWith(".cluster.local");
    }

    private static Optional<InetAddress> parse(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal)); // a literal: no lookup
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }
}
