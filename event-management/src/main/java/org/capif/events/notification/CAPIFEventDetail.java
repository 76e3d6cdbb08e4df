package org.capif.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.capif.common.api.InvocationLog;
import org.capif.common.api.ServiceAPIDescription;

/** TS 29.222 §8.3.4.2.5 {@code CAPIFEventDetail}: what an event is about. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CAPIFEventDetail(
        List<ServiceAPIDescription> serviceAPIDescriptions,
        List<String> apiIds,
        List<String> apiInvokerIds,
        AccessControlPolicyListExt accCtrlPolList,
        List<InvocationLog> invocationLogs) {

    public static CAPIFEventDetail ofApiIds(List<String> apiIds) {
        return new CAPIFEventDetail(null, apiIds, null, null, null);
    }

    public static CAPIFEventDetail ofInvokers(List<String> apiInvokerIds) {
        return new CAPIFEventDetail(null, null, apiInvokerIds, null, null);
    }
}
