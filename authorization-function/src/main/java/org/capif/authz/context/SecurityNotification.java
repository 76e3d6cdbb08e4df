package org.capif.authz.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.5.4.2.4 {@code SecurityNotification}: the revocation of an invoker's authorization for some APIs, with a
 * {@code cause} such as {@code OVERLIMIT_USAGE} or {@code UNEXPECTED_REASON}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityNotification(String apiInvokerId, String aefId, List<String> apiIds, String cause) {}
