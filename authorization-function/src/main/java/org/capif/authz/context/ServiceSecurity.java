package org.capif.authz.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.capif.common.api.WebsockNotifConfig;

/**
 * TS 29.222 §8.5.4.2.2 {@code ServiceSecurity}: sent by the invoker with its preferences, answered by the CAPIF core
 * function with the selected security method per API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSecurity(
        List<SecurityInformation> securityInfo,
        String notificationDestination,
        Boolean requestTestNotification,
        WebsockNotifConfig websockNotifConfig,
        String supportedFeatures) {}
