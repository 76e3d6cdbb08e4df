package org.capif.invoker.onboarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.capif.common.api.ServiceAPIDescription;

/** TS 29.222 §8.4.4.2.4 {@code APIList}: the service APIs the invoker may invoke (its subscription). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record APIList(List<ServiceAPIDescription> serviceAPIDescriptions) {}
