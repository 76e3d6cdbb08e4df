package org.capif.common.event;

/** Published service API events, named after the TS 29.222 §8.8 {@code CAPIFEvent} values. */
public enum ServiceApiEventType {
    SERVICE_API_AVAILABLE,
    SERVICE_API_UPDATE,
    SERVICE_API_UNAVAILABLE
}
