package org.capif.common.event;

import java.time.Instant;
import org.capif.common.cert.CapifRole;

/**
 * One registered API provider domain function as the other CAPIF services need it: who it is and which certificate
 * proves it (TS 29.222 {@code APIProviderFunctionDetails}, without the certificate itself).
 *
 * @param apiProvFuncId the function id, also the id of its certificate's {@code urn:capif:<role>:<id>} URI SAN
 * @param role {@link CapifRole#AEF}, {@link CapifRole#APF} or {@link CapifRole#AMF}
 * @param certificateThumbprint {@code x5t#S256} of the function's current certificate (RFC 8705)
 * @param certificateNotAfter expiry of that certificate
 */
public record ProviderFunction(
        String apiProvFuncId, CapifRole role, String certificateThumbprint, Instant certificateNotAfter) {}
