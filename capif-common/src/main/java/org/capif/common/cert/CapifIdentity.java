package org.capif.common.cert;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a CAPIF certificate names: a {@link CapifRole} and an identifier (API invoker ID, AEF ID, operator or service
 * name). It is carried as exactly one subjectAltName URI {@code urn:capif:<role>:<id>}, written by the CAPIF CA
 * whatever the certificate request asked for, so an invoker can never obtain a certificate with another role or id.
 * See {@code docs/security.md}.
 */
public record CapifIdentity(CapifRole role, String id) {

    /** Identifiers are restricted to a URI- and log-safe alphabet. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final String PREFIX = "urn:capif:";
    private static final int SAN_URI = 6;

    public CapifIdentity {
        if (role == null) {
            throw new IllegalArgumentException("role is required");
        }
        if (id == null || !ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid CAPIF identifier: " + id);
        }
    }

    public static CapifIdentity invoker(String id) {
        return new CapifIdentity(CapifRole.INVOKER, id);
    }

    public static CapifIdentity aef(String id) {
        return new CapifIdentity(CapifRole.AEF, id);
    }

    public String toUri() {
        return PREFIX + role.uriName() + ":" + id;
    }

    /** Parses {@code urn:capif:<role>:<id>}; empty for any other URI. */
    public static Optional<CapifIdentity> parseUri(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = uri.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new CapifIdentity(CapifRole.fromUriName(rest.substring(0, colon)), rest.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The identity of a certificate: present only if it carries exactly one CAPIF URI. Chain validation is the TLS
     * layer's job; this only reads what the (already trusted) CA wrote.
     */
    public static Optional<CapifIdentity> of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<CapifIdentity> found = new ArrayList<>();
        for (List<?> name : names) {
            if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0))) {
                parseUri(String.valueOf(name.get(1))).ifPresent(found::add);
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    @Override
    public String toString() {
        return role.uriName() + ":" + id;
    }
}
