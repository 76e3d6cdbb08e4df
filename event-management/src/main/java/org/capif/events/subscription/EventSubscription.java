package org.capif.events.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.capif.common.api.WebsockNotifConfig;

/**
 * TS 29.222 §8.3.4.2.2 {@code EventSubscription}: which CAPIF events a subscriber wants, filtered how, sent where.
 * {@code events} and {@code eventFilters} are index-aligned: {@code eventFilters[i]} narrows {@code events[i]}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventSubscription(
        List<String> events,
        List<CAPIFEventFilter> eventFilters,
        ReportingInformation eventReq,
        String notificationDestination,
        Boolean requestTestNotification,
        WebsockNotifConfig websockNotifConfig,
        String supportedFeatures) {}
