package org.capif.invoker.onboarding;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TS 29.222 §8.4.4.2.3 {@code OnboardingInformation}. We take {@code apiInvokerPublicKey} as a PEM PKCS#10 CSR (proof
 * of possession of the key) and answer {@code apiInvokerCertificate} as a PEM bundle: the invoker's certificate, then
 * the CA chain up to the CAPIF root.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnboardingInformation(
        String apiInvokerPublicKey, String apiInvokerCertificate, String onboardingSecret) {}
