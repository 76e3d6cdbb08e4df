package org.capif.provider.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.9.4.2.2 {@code APIProviderEnrolmentDetails}: an API provider domain's registration. {@code regSec} is
 * the operator-minted registration credential; {@code apiProvDomId} is read-only (assigned by CAPIF);
 * {@code failReason} is never set (a registration succeeds or fails as a whole).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record APIProviderEnrolmentDetails(
        String apiProvDomId,
        String regSec,
        List<APIProviderFunctionDetails> apiProvFuncs,
        String apiProvDomInfo,
        String suppFeat,
        String failReason) {}
