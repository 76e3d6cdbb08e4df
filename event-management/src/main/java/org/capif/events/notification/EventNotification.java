package org.capif.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TS 29.222 §8.3.4.2.3 {@code EventNotification}, POSTed to a subscription's {@code notificationDestination}.
 * {@code events} is one {@code CAPIFEvent} despite its name; {@code eventDetail} is sent when the subscription
 * negotiated the EnhancedEventReport feature.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventNotification(String subscriptionId, String events, CAPIFEventDetail eventDetail) {}
