package org.capif.common.event;

/** Whether an API provider domain is registered; a deregistered domain has no functions left. */
public enum ProviderStatus {
    REGISTERED,
    DEREGISTERED
}
