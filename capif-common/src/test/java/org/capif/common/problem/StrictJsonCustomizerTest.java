package org.capif.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonCustomizerTest {

    record Body(String name, List<String> tags, Integer count) {}

    private final ObjectMapper mapper = StrictJsonCustomizer.configure(new ObjectMapper());

    private ProblemDetails refusal(String json) {
        JsonProcessingException e =
                catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue(json, Body.class));
        assertThat(e).as("must refuse %s", json).isNotNull();
        return ProblemExceptionMappers.jsonProblem(e);
    }

    @Test
    void readWhenPlainTextWithTabsAndNewlinesAndAstralCharactersThenAccepted() throws Exception {
        Body b = mapper.readValue("{\"name\":\"a\\tb\\nc \\ud83d\\ude00\",\"tags\":[\"x\"],\"count\":1}", Body.class);
        assertThat(b.name()).isEqualTo("a\tb\nc \uD83D\uDE00");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"a\\u0000b\"}",
                "{\"name\":\"\\u0007\"}",
                "{\"name\":\"\\u007f\"}",
                "{\"name\":\"\\ud800\"}",
                "{\"name\":\"\\udc00x\"}",
                "{\"tags\":[\"ok\",\"a\\u0000\"]}"
            })
    void readWhenStringHoldsControlCharacterOrLoneSurrogateThenInvalidJsonAtThatField(String json) {
        ProblemDetails p = refusal(json);
        assertThat(p.cause()).isEqualTo(Causes.INVALID_JSON);
        assertThat(p.invalidParams().get(0).param()).startsWith(json.contains("tags") ? "/tags" : "/name");
    }

    @Test
    void readWhenKeyRepeatedThenInvalidJson() {
        assertThat(refusal("{\"name\":\"a\",\"name\":\"b\"}").cause()).isEqualTo(Causes.INVALID_JSON);
    }

    @Test
    void readWhenNestedDeeperThanTheLimitThenInvalidJson() {
        int depth = StrictJsonCustomizer.MAX_NESTING_DEPTH + 1;
        String json = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThat(refusal(json).cause()).isEqualTo(Causes.INVALID_JSON);
    }
}
