package org.capif.common.api;

import java.util.Set;

/** TS 29.222 {@code SecurityMethod} values (TS 33.122 §6.5.2: method 1 PSK, 2 PKI, 3 OAUTH). */
public final class SecurityMethods {
    public static final String PSK = "PSK";
    public static final String PKI = "PKI";
    public static final String OAUTH = "OAUTH";

    /** The values TS 29.222 defines; others are schema-valid (extensible enum) but unknown to us. */
    public static final Set<String> KNOWN = Set.of(PSK, PKI, OAUTH);

    private SecurityMethods() {}
}
