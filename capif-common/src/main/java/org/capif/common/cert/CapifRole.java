package org.capif.common.cert;

import java.util.Locale;

/**
 * The kinds of party the CAPIF CA issues certificates to. The role is carried in the certificate (see
 * {@link CapifIdentity}) so every service derives authorization from the TLS client certificate alone.
 */
public enum CapifRole {
    /** An API invoker, issued at onboarding (TS 29.222 §5.3, CAPIF-1e). */
    INVOKER,
    /** An API exposing function (TS 23.222 §6.2, CAPIF-3), registered by its API provider domain (CAPIF-5). */
    AEF,
    /** An API publishing function (TS 23.222 §6.2, CAPIF-4), registered by its API provider domain. */
    APF,
    /** An API management function (TS 23.222 §6.2, CAPIF-5): registers and manages its API provider domain. */
    AMF,
    /** The operator's administration tooling. */
    OPERATOR,
    /** A CAPIF core service talking to another one (e.g. the token validator fetching the JWK Set). */
    SERVICE,
    /** A monitoring system (e.g. Prometheus) reading metrics and the OpenAPI document on the management interface. */
    MONITORING;

    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CapifRole fromUriName(String name) {
        for (CapifRole role : values()) {
            if (role.uriName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown CAPIF role: " + name);
    }
}
