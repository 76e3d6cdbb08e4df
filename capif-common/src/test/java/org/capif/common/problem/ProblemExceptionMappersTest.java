package org.capif.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemExceptionMappersTest {

    record Inner(String uri) {}

    record Outer(Inner inner, List<Inner> list, Boolean flag) {}

    private final ObjectMapper mapper = StrictJsonCustomizer.configure(new ObjectMapper());

    private ProblemDetails problemFor(String json) {
        JsonProcessingException e =
                catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue(json, Outer.class));
        assertThat(e).as("strict binding must refuse %s", json).isNotNull();
        return ProblemExceptionMappers.jsonProblem(e);
    }

    @Test
    void jsonProblemWhenNestedFieldHasWrongTypeThenPointerNamesIt() {
        ProblemDetails p = problemFor("{\"inner\": {\"uri\": 5}}");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.cause()).isEqualTo(Causes.INVALID_JSON);
        assertThat(p.invalidParams()).extracting(InvalidParam::param).containsExactly("/inner/uri");
    }

    @Test
    void jsonProblemWhenArrayElementWrongThenPointerHasIndex() {
        assertThat(problemFor("{\"list\": [{\"uri\": \"a\"}, {\"uri\": true}]}").invalidParams())
                .extracting(InvalidParam::param)
                .containsExactly("/list/1/uri");
    }

    @Test
    void jsonProblemWhenBooleanGivenAsNumberOrStringThenRefused() {
        assertThat(problemFor("{\"flag\": 1}").invalidParams())
                .extracting(InvalidParam::param)
                .containsExactly("/flag");
        assertThat(problemFor("{\"flag\": \"true\"}").invalidParams())
                .extracting(InvalidParam::param)
                .containsExactly("/flag");
    }

    @Test
    void jsonProblemWhenSyntaxBrokenThenNoPointer() {
        ProblemDetails p = problemFor("{\"inner\": ");
        assertThat(p.cause()).isEqualTo(Causes.INVALID_JSON);
    }

    @Test
    void jsonProblemWhenTrailingTokensThenRefused() {
        assertThat(problemFor("{} {}").cause()).isEqualTo(Causes.INVALID_JSON);
    }
}
