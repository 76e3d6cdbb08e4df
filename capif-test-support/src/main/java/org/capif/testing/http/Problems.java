package org.capif.testing.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;

/** Assertions on TS 29.122 ProblemDetails answers. */
public final class Problems {

    private Problems() {}

    /** The answer is a problem+json with this status and cause, and leaks no stack trace. */
    public static Response assertProblem(Response r, int status, String cause) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("cause")).isEqualTo(cause);
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
        assertThat(r.asString())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("org.capif.");
        return r;
    }

    /** As {@link #assertProblem}, and the problem names the JSON pointer among its invalid parameters. */
    public static Response assertProblem(Response r, int status, String cause, String invalidParam) {
        assertProblem(r, status, cause);
        assertThat(r.jsonPath().getList("invalidParams.param", String.class)).contains(invalidParam);
        return r;
    }
}
