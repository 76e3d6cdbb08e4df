package org.capif.authz.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.capif.common.api.InterfaceDescription;

/**
 * TS 29.222 §8.5.4.2.3 {@code SecurityInformation}: one AEF (by {@code aefId}, or by {@code interfaceDetails}, which we
 * do not accept) and optionally one API, with the invoker's preferred and the selected security methods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityInformation(
        InterfaceDescription interfaceDetails,
        String aefId,
        String apiId,
        List<String> prefSecurityMethods,
        String selSecurityMethod,
        String authenticationInfo,
        String authorizationInfo) {}
