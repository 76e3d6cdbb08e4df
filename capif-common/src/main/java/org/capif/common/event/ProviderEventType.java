package org.capif.common.event;

/** API provider domain lifecycle events (TS 29.222 §8.9 register, update, deregister). */
public enum ProviderEventType {
    API_PROVIDER_REGISTERED,
    API_PROVIDER_UPDATED,
    API_PROVIDER_DEREGISTERED
}
