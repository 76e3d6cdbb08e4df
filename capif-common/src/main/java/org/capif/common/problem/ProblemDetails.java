package org.capif.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.122 / TS 29.571 {@code ProblemDetails}, rendered as {@code application/problem+json} for every 4xx and 5xx
 * answer of every CAPIF service (TS 29.222 §7.7, RFC 9457). Only the base fields common to both schemas are emitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetails(
        String type,
        String title,
        Integer status,
        String detail,
        String instance,
        String cause,
        List<InvalidParam> invalidParams,
        String supportedFeatures) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public static ProblemDetails of(int status, String title, String cause, String detail, List<InvalidParam> params) {
        return new ProblemDetails(
                null, title, status, detail, null, cause, params == null || params.isEmpty() ? null : params, null);
    }
}
