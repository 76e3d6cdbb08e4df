package org.capif.common.problem;

/**
 * The stable, machine-readable {@code cause} strings our services put in {@link ProblemDetails}. Each is listed with
 * its meaning in {@code docs/errors.md}; a client may switch on them, so they never change meaning once released.
 */
public final class Causes {
    /** The body is not valid JSON, or a field has the wrong type. */
    public static final String INVALID_JSON = "INVALID_JSON";
    /** A mandatory field or parameter is missing. */
    public static final String MANDATORY_IE_MISSING = "MANDATORY_IE_MISSING";
    /** A field or parameter is present but its value is not acceptable. */
    public static final String MANDATORY_IE_INCORRECT = "MANDATORY_IE_INCORRECT";
    /** A field that the client must not send (e.g. a read-only identifier) was sent with a conflicting value. */
    public static final String INVALID_FIELD = "INVALID_FIELD";
    /** The PKCS#10 CSR cannot be parsed or its signature does not verify. */
    public static final String INVALID_CSR = "INVALID_CSR";
    /** The key in the CSR is of a type or size we do not accept. */
    public static final String WEAK_KEY = "WEAK_KEY";
    /** The requested service API is not in the operator's catalogue. */
    public static final String UNKNOWN_SERVICE_API = "UNKNOWN_SERVICE_API";
    /** The public key is already bound to an onboarded invoker. */
    public static final String DUPLICATE_PUBLIC_KEY = "DUPLICATE_PUBLIC_KEY";

    /** No credential was presented where one is required. */
    public static final String CREDENTIAL_MISSING = "CREDENTIAL_MISSING";
    /** The credential is malformed, forged, of an unaccepted algorithm, or expired. */
    public static final String CREDENTIAL_INVALID = "CREDENTIAL_INVALID";
    /** The single-use onboarding credential was already used. */
    public static final String CREDENTIAL_ALREADY_USED = "CREDENTIAL_ALREADY_USED";
    /** No client certificate was presented where mutual TLS is required. */
    public static final String CLIENT_CERTIFICATE_REQUIRED = "CLIENT_CERTIFICATE_REQUIRED";
    /** The client certificate does not carry a CAPIF identity, or not the current one of that party. */
    public static final String CLIENT_CERTIFICATE_INVALID = "CLIENT_CERTIFICATE_INVALID";
    /** The authenticated party has a role that may not perform this operation. */
    public static final String ROLE_NOT_ALLOWED = "ROLE_NOT_ALLOWED";
    /** The authenticated party may not act on this resource (it belongs to somebody else). */
    public static final String RESOURCE_NOT_OWNED = "RESOURCE_NOT_OWNED";

    /** The invoker asked for a service API it is not subscribed to (TS 29.222 §5.6 authorization). */
    public static final String API_NOT_SUBSCRIBED = "API_NOT_SUBSCRIBED";
    /** None of the preferred security methods is both supported by the AEF and offered by this CAPIF. */
    public static final String SECURITY_METHOD_NOT_SUPPORTED = "SECURITY_METHOD_NOT_SUPPORTED";
    /**
     * An AEF or the operator revoked the invoker's authorization for the API (Revoke_Authorization); only that AEF or the
     * operator can grant it again, not the invoker by negotiating its security context anew.
     */
    public static final String AUTHORIZATION_REVOKED = "AUTHORIZATION_REVOKED";
    /** The invoker has no security context (or none concerning the caller). */
    public static final String SECURITY_CONTEXT_NOT_FOUND = "SECURITY_CONTEXT_NOT_FOUND";

    /** A published service API names an AEF that is not a registered AEF of the publisher's provider domain. */
    public static final String AEF_NOT_IN_DOMAIN = "AEF_NOT_IN_DOMAIN";
    /** Another published service API already has this name at one of the AEFs. */
    public static final String API_NAME_ALREADY_PUBLISHED = "API_NAME_ALREADY_PUBLISHED";
    /** The API publishing function already has the most service APIs it may publish. */
    public static final String PUBLICATION_LIMIT_REACHED = "PUBLICATION_LIMIT_REACHED";
    /** No published service API with that id (for this publisher). */
    public static final String SERVICE_API_NOT_FOUND = "SERVICE_API_NOT_FOUND";
    /** No registered API provider domain with that id. */
    public static final String PROVIDER_DOMAIN_NOT_FOUND = "PROVIDER_DOMAIN_NOT_FOUND";

    /** The subscriber's role may not subscribe to this CAPIF event, or filter on these parties (TS 29.222 §8.3). */
    public static final String EVENT_NOT_ALLOWED = "EVENT_NOT_ALLOWED";
    /** The notification destination is not an https URL to a public address (callback safety). */
    public static final String CALLBACK_NOT_ALLOWED = "CALLBACK_NOT_ALLOWED";
    /** The subscriber already has the most event subscriptions it may have. */
    public static final String SUBSCRIPTION_LIMIT_REACHED = "SUBSCRIPTION_LIMIT_REACHED";
    /** No event subscription with that id for this subscriber. */
    public static final String SUBSCRIPTION_NOT_FOUND = "SUBSCRIPTION_NOT_FOUND";
    /** No stored invocation log matches the audit query. */
    public static final String INVOCATION_LOG_NOT_FOUND = "INVOCATION_LOG_NOT_FOUND";

    /** The addressed resource does not exist. */
    public static final String RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND";
    /** The API invoker is not known (never onboarded, or offboarded). */
    public static final String API_INVOKER_NOT_FOUND = "API_INVOKER_NOT_FOUND";
    /** The HTTP method is not supported on this resource. */
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    /** The request's content type is not one this operation accepts. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    /** The response media types the client accepts cannot be produced. */
    public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
    /** The request body is larger than the configured limit. */
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** The request URI is too long. */
    public static final String URI_TOO_LONG = "URI_TOO_LONG";
    /**
     * An identifier in the request URI (a path segment or an identifier query parameter) is not of the CAPIF identifier
     * alphabet ({@code org.capif.common.cert.CapifIdentity#ID_PATTERN}): NUL or other control characters, invalid
     * UTF-8, separators, or too long. It is refused before anything is looked up.
     */
    public static final String INVALID_IDENTIFIER = "INVALID_IDENTIFIER";
    /** A form body is not well-formed percent-encoded UTF-8, or holds control characters. */
    public static final String INVALID_ENCODING = "INVALID_ENCODING";
    /** A request that the server could not process for a reason not listed elsewhere. */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    /** A dependency (database, broker) is unavailable; retry later. */
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    /** An unexpected fault; the log holds the details under the correlation id given in {@code instance}. */
    public static final String SYSTEM_FAILURE = "SYSTEM_FAILURE";

    private Causes() {}
}
