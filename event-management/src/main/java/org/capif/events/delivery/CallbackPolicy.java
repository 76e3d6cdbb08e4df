package org.capif.events.delivery;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.capif.common.api.NetworkAddresses;

/**
 * Where notifications may go. Callback URLs are chosen by outsiders, so by default a notification goes only over HTTPS
 * and only to addresses on the internet: never to loopback, link-local, private, carrier-grade NAT, unique local,
 * multicast or unspecified addresses, nor to names that only mean something inside an operator's network
 * ({@code localhost}, single labels, {@code .internal}, {@code .svc}, {@code .cluster.local}, ...), unless the
 * operator allow-lists networks ({@code capif.callbacks.allowed-networks}). Checked twice: the URL when a subscription
 * is made (literal addresses and names, no DNS lookup, so the answer reveals nothing about internal names), and every
 * address a name resolves to when a notification is sent ({@link CallbackClient}), so a name re-pointed at an internal
 * address later (DNS rebinding) is refused at connect time. TS 23.222 AR-4.3.2-a (topology hiding) and server-side
 * request forgery.
 */
public final class CallbackPolicy {

    /** A URL that is not acceptable, with the reason in words safe to show to the subscriber. */
    public static final class Refused extends Exception {
        private final boolean malformed;

        Refused(String reason, boolean malformed) {
            super(reason, null, false, false);
            this.malformed = malformed;
        }

        /** True if the URL is not a URL at all (rather than a URL we will not call). */
        public boolean malformed() {
            return malformed;
        }
    }

    private static final int MAX_URL = 2048;

    private record Network(BigInteger base, BigInteger mask, int length) {}

    private final List<Network> allowed;
    private final boolean allowHttp;

    /**
     * @param allowedNetworks CIDR blocks callbacks may reach although they are internal
     * @param allowHttp whether plain {@code http://} is accepted (labs only)
     */
    public CallbackPolicy(List<String> allowedNetworks, boolean allowHttp) {
        this.allowed = new ArrayList<>();
        for (String cidr : allowedNetworks) {
            allowed.add(parse(cidr));
        }
        this.allowHttp = allowHttp;
    }

    /** The URL if notifications may be sent to it; {@link Refused} with the reason otherwise. */
    public URI check(String url) throws Refused {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw new Refused("must be an absolute URL of at most " + MAX_URL + " characters", true);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL", true);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused("must be an https URL", false);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry user information", false);
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment", false);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("must name a host", true);
        }
        Optional<InetAddress> literal = host.startsWith("[")
                ? NetworkAddresses.ipv6(host.substring(1, host.length() - 1))
                : NetworkAddresses.ipv4(host);
        if (literal.isPresent()) {
            if (!allowed(literal.get())) {
                throw new Refused("must not point into a private, loopback or link-local network", false);
            }
            return uri;
        }
        if (host.startsWith("[") || !NetworkAddresses.isHostName(host)) {
            throw new Refused("names no valid host", true);
        }
        if (NetworkAddresses.isInternalName(host) && allowed.isEmpty()) {
            throw new Refused("must not name a host inside an operator's network", false);
        }
        return uri;
    }

    /** Whether a notification may be sent to this address (checked for every address a name resolves to). */
    public boolean allowed(InetAddress address) {
        if (!NetworkAddresses.isInternal(address)) {
            return true;
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        BigInteger a = new BigInteger(1, address.getAddress());
        int bits = address.getAddress().length * 8;
        for (Network n : allowed) {
            if (n.length() == bits && a.and(n.mask()).equals(n.base())) {
                return true;
            }
        }
        return false;
    }

    private static Network parse(String cidr) {
        String c = cidr.strip();
        int slash = c.indexOf('/');
        String addr = slash < 0 ? c : c.substring(0, slash);
        Optional<InetAddress> a = addr.contains(":") ? NetworkAddresses.ipv6(addr) : NetworkAddresses.ipv4(addr);
        if (a.isEmpty()) {
            throw new IllegalArgumentException("capif.callbacks.allowed-networks: not an address: " + cidr);
        }
        int bits = a.get().getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(c.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("capif.callbacks.allowed-networks: not a prefix length: " + cidr);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("capif.callbacks.allowed-networks: not a prefix length: " + cidr);
        }
        BigInteger mask = BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new Network(new BigInteger(1, a.get().getAddress()).and(mask), mask, bits);
    }
}
