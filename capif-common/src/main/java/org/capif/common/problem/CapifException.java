package org.capif.common.problem;

import java.util.List;
import java.util.Map;

/**
 * The one exception family for client-visible failures: it carries everything a {@link ProblemDetails} needs, and
 * {@link ProblemExceptionMappers} renders it. Create it through the named factories so that status and cause stay
 * consistent across the services.
 */
public class CapifException extends RuntimeException {

    private final int status;
    private final String title;
    private final String causeCode;
    private final List<InvalidParam> invalidParams;
    private final Map<String, String> headers;

    public CapifException(
            int status,
            String title,
            String causeCode,
            String detail,
            List<InvalidParam> invalidParams,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.causeCode = causeCode;
        this.invalidParams = invalidParams == null ? List.of() : List.copyOf(invalidParams);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static CapifException badRequest(String cause, String detail, InvalidParam... params) {
        return new CapifException(400, "Bad Request", cause, detail, List.of(params), null);
    }

    public static CapifException badRequest(String cause, String detail, List<InvalidParam> params) {
        return new CapifException(400, "Bad Request", cause, detail, params, null);
    }

    /** 401 with a {@code WWW-Authenticate} challenge naming the scheme the client must use. */
    public static CapifException unauthorized(String cause, String detail, String challenge) {
        return new CapifException(
                401,
                "Unauthorized",
                cause,
                detail,
                null,
                challenge == null ? null : Map.of("WWW-Authenticate", challenge));
    }

    public static CapifException forbidden(String cause, String detail) {
        return new CapifException(403, "Forbidden", cause, detail, null, null);
    }

    /** 403 naming each refused field or entry in {@code invalidParams}. */
    public static CapifException forbiddenWithParams(String cause, String detail, List<InvalidParam> params) {
        return new CapifException(403, "Forbidden", cause, detail, params, null);
    }

    public static CapifException notFound(String cause, String detail) {
        return new CapifException(404, "Not Found", cause, detail, null, null);
    }

    public static CapifException conflict(String cause, String detail) {
        return new CapifException(409, "Conflict", cause, detail, null, null);
    }

    public static CapifException payloadTooLarge(String detail) {
        return new CapifException(413, "Payload Too Large", Causes.PAYLOAD_TOO_LARGE, detail, null, null);
    }

    public static CapifException unsupportedMediaType(String detail) {
        return new CapifException(415, "Unsupported Media Type", Causes.UNSUPPORTED_MEDIA_TYPE, detail, null, null);
    }

    /** An upstream CAPIF function refused a request made on the client's behalf (not the client's fault, no retry). */
    public static CapifException badGateway(String detail) {
        return new CapifException(502, "Bad Gateway", Causes.SYSTEM_FAILURE, detail, null, null);
    }

    public static CapifException serviceUnavailable(String detail) {
        return new CapifException(
                503, "Service Unavailable", Causes.SERVICE_UNAVAILABLE, detail, null, Map.of("Retry-After", "1"));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String causeCode() {
        return causeCode;
    }

    public List<InvalidParam> invalidParams() {
        return invalidParams;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ProblemDetails toProblem() {
        return ProblemDetails.of(status, title, causeCode, getMessage(), invalidParams);
    }
}
