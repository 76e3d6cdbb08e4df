package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.7.4.2.2 {@code InvocationLog}: service API invocations of one invoker at one AEF, as the AEF posts them
 * to the CAPIF core (CAPIF_Logging_API_Invocation_API) and as the auditing API returns them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationLog(String aefId, String apiInvokerId, List<Log> logs, String supportedFeatures) {}
