package org.capif.provider.registration;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TS 29.222 §8.9.4.2.3 {@code APIProviderFunctionDetails}: one function of the domain, its role ({@code AEF},
 * {@code APF}, {@code AMF}) and its registration information; {@code apiProvFuncId} is assigned by CAPIF.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record APIProviderFunctionDetails(
        String apiProvFuncId, RegistrationInformation regInfo, String apiProvFuncRole, String apiProvFuncInfo) {}
