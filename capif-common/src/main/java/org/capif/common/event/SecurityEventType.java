package org.capif.common.event;

/** What changed in an invoker's security context at the authorization function (TS 29.222 §8.5). */
public enum SecurityEventType {
    /** A context was established (PUT /trustedInvokers/{id}). */
    SECURITY_CONTEXT_CREATED,
    /** A context was renegotiated (PUT again, or POST .../update). */
    SECURITY_CONTEXT_UPDATED,
    /** A context was removed in whole or for one AEF (DELETE /trustedInvokers/{id}). */
    SECURITY_CONTEXT_DELETED,
    /** Authorization was revoked for some APIs (POST .../delete, CAPIFEvent API_INVOKER_AUTHORIZATION_REVOKED). */
    API_INVOKER_AUTHORIZATION_REVOKED
}
