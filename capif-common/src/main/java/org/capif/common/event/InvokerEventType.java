package org.capif.common.event;

/** Invoker lifecycle events, named after the TS 29.222 §8.8 {@code CAPIFEvent} values so the bus and the API align. */
public enum InvokerEventType {
    API_INVOKER_ONBOARDED,
    API_INVOKER_UPDATED,
    API_INVOKER_OFFBOARDED
}
