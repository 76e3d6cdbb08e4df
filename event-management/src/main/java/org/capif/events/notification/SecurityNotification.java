package org.capif.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.5.4.2.4 {@code SecurityNotification}: the revocation of an invoker's authorization for APIs at one AEF,
 * POSTed to the {@code notificationDestination} of the invoker's security context (the CAPIF_Security_API callback).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityNotification(String apiInvokerId, String aefId, List<String> apiIds, String cause) {}
