package org.capif.provider.registration;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TS 29.222 §8.9.4.2.4 {@code RegistrationInformation}: {@code apiProvPubKey} carries the function's PEM PKCS#10
 * certification request (decision D18); {@code apiProvCert} is the client certificate CAPIF issued for it, followed by
 * the CA chain (ignored in requests: the CA decides).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationInformation(String apiProvPubKey, String apiProvCert) {}
