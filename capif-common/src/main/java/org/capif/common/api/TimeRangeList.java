package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** TS 29.222 §8.6.4.2.4 {@code TimeRangeList}: a window in which invocations are allowed (either end may be open). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimeRangeList(OffsetDateTime startTime, OffsetDateTime stopTime) {}
