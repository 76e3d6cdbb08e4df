package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.6.4.2.3 {@code ApiInvokerPolicy}: the access control policy of one invoker for one service API at one
 * AEF. An absent limit means no limit; an absent or empty time range list means no time restriction.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiInvokerPolicy(
        String apiInvokerId,
        Integer allowedTotalInvocations,
        Integer allowedInvocationsPerSecond,
        List<TimeRangeList> allowedInvocationTimeRangeList) {}
