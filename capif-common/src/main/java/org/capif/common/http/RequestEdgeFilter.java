package org.capif.common.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The checks every operation of every CAPIF service gets at the edge, after routing and before its parameters are
 * converted or its body is read, so that hostile input never reaches a lookup or the database:
 *
 * <ol>
 *   <li>every path parameter is a CAPIF identifier ({@link CapifIdentity#ID_PATTERN}); NUL and other control
 *       characters, invalid UTF-8 (decoded to U+FFFD), encoded slashes, dots and anything too long are refused with
 *       400 {@code INVALID_IDENTIFIER};
 *   <li>query parameters marked {@link CapifId} likewise, unless empty (an empty optional parameter is "not given");
 *   <li>a query parameter the operation declares appears at most once, an integer one holds an integer in range and
 *       a boolean one {@code true} or {@code false} (400 {@code MANDATORY_IE_INCORRECT}; JAX-RS would otherwise take
 *       the first value, answer 404, or read anything but "true" as false);
 *   <li>a body sent to an operation that declares what it consumes has a parsable {@code Content-Type}; otherwise
 *       415 {@code UNSUPPORTED_MEDIA_TYPE} (JAX-RS would pick a reader by guessing).
 * </ol>
 */
public class RequestEdgeFilter {

    /** What the filter checks for one resource method, worked out once from its annotations. */
    private record Spec(Map<String, Class<?>> queryParams, List<String> idQueryParams, boolean consumes) {}

    private static final Map<Method, Spec> SPECS = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        boolean typed = named(request);
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        for (Map.Entry<String, List<String>> p : path.entrySet()) {
            for (String value : p.getValue()) {
                identifier(p.getKey(), value);
            }
        }
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Spec spec = SPECS.computeIfAbsent(method, RequestEdgeFilter::spec);
        if (spec.consumes() && !typed && hasBody(request)) {
            throw CapifException.unsupportedMediaType("A request body needs a Content-Type.");
        }
        if (spec.queryParams().isEmpty()) {
            return;
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (Map.Entry<String, Class<?>> q : spec.queryParams().entrySet()) {
            List<String> values = query.get(q.getKey());
            if (values == null || values.isEmpty()) {
                continue;
            }
            if (values.size() > 1) {
                throw CapifException.badRequest(
                        Causes.MANDATORY_IE_INCORRECT,
                        "Query parameter " + q.getKey() + " may be given only once.",
                        new InvalidParam(q.getKey(), "repeated"));
            }
            // an empty optional parameter (e.g. the first page's after=) means "not given", as JAX-RS reads it
            if (spec.idQueryParams().contains(q.getKey()) && !values.get(0).isEmpty()) {
                identifier(q.getKey(), values.get(0));
            }
            typed(q.getKey(), q.getValue(), values.get(0));
        }
    }

    /** 400 {@code INVALID_IDENTIFIER} unless the value is of the identifier alphabet and length. */
    public static void identifier(String name, String value) {
        if (value == null || !CapifIdentity.ID_PATTERN.matcher(value).matches()) {
            throw CapifException.badRequest(
                    Causes.INVALID_IDENTIFIER,
                    name + " is not a valid identifier: 1 to 128 characters of A-Z a-z 0-9 . _ -, starting with a"
                            + " letter or digit.",
                    new InvalidParam(name, "not an identifier"));
        }
    }

    private static void typed(String name, Class<?> type, String value) {
        if ((type == boolean.class || type == Boolean.class) && !value.equals("true") && !value.equals("false")) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "Query parameter " + name + " must be true or false.",
                    new InvalidParam(name, "not a boolean"));
        }
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            }
        } catch (NumberFormatException e) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "Query parameter " + name + " must be an integer.",
                    new InvalidParam(name, "not an integer"));
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.trim().equals("0")) || request.getHeaderString("Transfer-Encoding") != null;
    }

    /**
     * Whether the request names its media type (415 if the header cannot be parsed). A {@code charset} parameter is
     * ignored, as RFC 8259 §11 asks of JSON recipients: bodies are always read as UTF-8 (forms too, WHATWG URL §5.1),
     * and bytes that are not UTF-8 are refused by the parsers.
     */
    private static boolean named(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            return false;
        }
        try {
            return request.getMediaType() != null;
        } catch (IllegalArgumentException e) {
            throw CapifException.unsupportedMediaType("The Content-Type header cannot be parsed.");
        }
    }

    private static Spec spec(Method method) {
        Map<String, Class<?>> query = new LinkedHashMap<>();
        List<String> ids = new java.util.ArrayList<>();
        for (Parameter p : method.getParameters()) {
            QueryParam q = p.getAnnotation(QueryParam.class);
            if (q != null) {
                query.put(q.value(), p.getType());
                if (p.isAnnotationPresent(CapifId.class)) {
                    ids.add(q.value());
                }
            } else if (p.isAnnotationPresent(CapifId.class) && !p.isAnnotationPresent(PathParam.class)) {
                throw new IllegalStateException(
                        "@CapifId on " + method + " marks neither a query nor a path parameter");
            }
        }
        boolean consumes = method.isAnnotationPresent(Consumes.class)
                || method.getDeclaringClass().isAnnotationPresent(Consumes.class);
        return new Spec(Map.copyOf(query), List.copyOf(ids), consumes);
    }
}
