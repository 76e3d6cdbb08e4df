package org.capif.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every exception that leaves a JAX-RS resource as a TS 29.122 {@link ProblemDetails}. Client mistakes keep
 * their 4xx status and say what was wrong; anything unexpected becomes a 500 (or 503 when a dependency is down) with a
 * generic detail and a correlation id, while the stack trace goes to the log only.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response capif(CapifException e) {
        refused(e);
        return ProblemResponses.of(e);
    }

    /** One line per client mistake, never a stack trace: the client's doing is not a fault of this service. */
    static void refused(CapifException e) {
        if (e.status() < 500 && LOG.isDebugEnabled()) {
            LOG.debugf("request refused: %d %s", e.status(), e.causeCode());
        }
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return ProblemResponses.of(jsonProblem(e));
    }

    /** Replaces the framework's own mapper for this subtype, which answers without a ProblemDetails body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return ProblemResponses.of(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return ProblemResponses.of(jsonProblem(json));
        }
        if (cause instanceof CapifException capif) {
            return ProblemResponses.of(capif);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return ProblemResponses.of(
                ProblemDetails.of(status, reason(status), causeFor(status), detailFor(status), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof CapifException capif) {
            return ProblemResponses.of(capif);
        }
        String correlation = UUID.randomUUID().toString();
        if (isUnavailable(e)) {
            LOG.warnf("dependency unavailable [correlation %s]: %s", correlation, e.toString());
            ProblemDetails problem = new ProblemDetails(
                    null,
                    "Service Unavailable",
                    503,
                    "A dependency of this service is temporarily unavailable; retry later.",
                    "urn:uuid:" + correlation,
                    Causes.SERVICE_UNAVAILABLE,
                    null,
                    null);
            return Response.fromResponse(ProblemResponses.of(problem))
                    .header("Retry-After", "1")
                    .build();
        }
        LOG.errorf(e, "unexpected failure [correlation %s]", correlation);
        return ProblemResponses.of(new ProblemDetails(
                null,
                "Internal Server Error",
                500,
                "An unexpected error occurred; quote the correlation id in 'instance' to the operator.",
                "urn:uuid:" + correlation,
                Causes.SYSTEM_FAILURE,
                null,
                null));
    }

    /** Maps a Jackson failure to a 400 naming, as a JSON pointer, the field that could not be read. */
    static ProblemDetails jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return ProblemDetails.of(
                    400, "Bad Request", Causes.INVALID_JSON, "The request body is not valid JSON.", null);
        }
        String pointer = pointer(e);
        return ProblemDetails.of(
                400,
                "Bad Request",
                Causes.INVALID_JSON,
                "The request body does not match the expected schema at " + pointer + ".",
                List.of(new InvalidParam(pointer, "wrong type or malformed value")));
    }

    /** The JSON pointer (RFC 6901) of the field a Jackson failure is about; {@code /} for the whole document. */
    public static String pointer(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                sb.append('/');
                sb.append(ref.getFieldName() != null ? escape(ref.getFieldName()) : String.valueOf(ref.getIndex()));
            }
            if (!sb.isEmpty()) {
                return sb.toString();
            }
        }
        return "/";
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }

    private static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof ConnectException
                    || t instanceof TimeoutException
                    || name.endsWith("ClosedConnectionException")
                    || name.endsWith("ConnectionPoolTooBusyException")
                    || name.endsWith("NoStackTraceTimeoutException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String reason(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        if (s != null) {
            return s.getReasonPhrase();
        }
        return switch (status) {
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }

    static String causeFor(int status) {
        return switch (status) {
            case 404 -> Causes.RESOURCE_NOT_FOUND;
            case 405 -> Causes.METHOD_NOT_ALLOWED;
            case 406 -> Causes.NOT_ACCEPTABLE;
            case 413 -> Causes.PAYLOAD_TOO_LARGE;
            case 414 -> Causes.URI_TOO_LONG;
            case 415 -> Causes.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> Causes.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? Causes.SYSTEM_FAILURE : Causes.BAD_REQUEST;
        };
    }

    static String detailFor(int status) {
        return switch (status) {
            case 404 -> "No resource exists at this URI.";
            case 405 -> "This HTTP method is not supported on this resource.";
            case 406 -> "None of the media types in Accept can be produced; use application/json.";
            case 413 -> "The request body exceeds the size limit of this service.";
            case 414 -> "The request URI exceeds the length limit of this service.";
            case 415 -> "The Content-Type of the request is not accepted by this operation.";
            default -> "The request could not be processed.";
        };
    }
}
