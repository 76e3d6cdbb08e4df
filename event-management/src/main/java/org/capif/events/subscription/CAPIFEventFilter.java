package org.capif.events.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.3.4.2.4 {@code CAPIFEventFilter}: an event is reported only if it concerns one of the listed APIs, one
 * of the listed invokers and one of the listed AEFs (each list that is present).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CAPIFEventFilter(List<String> apiIds, List<String> apiInvokerIds, List<String> aefIds) {}
