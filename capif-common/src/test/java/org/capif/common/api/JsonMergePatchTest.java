package org.capif.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** RFC 7396 appendix A examples, the ones that apply to object patches. */
class JsonMergePatchTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private String apply(String target, String patch) throws Exception {
        ObjectNode t = (ObjectNode) mapper.readTree(target);
        JsonMergePatch.apply(t, (ObjectNode) mapper.readTree(patch));
        return mapper.writeValueAsString(t);
    }

    @Test
    void applyWhenRfc7396ExamplesThenSameResults() throws Exception {
        assertThat(apply("{\"a\":\"b\"}", "{\"a\":\"c\"}")).isEqualTo("{\"a\":\"c\"}");
        assertThat(apply("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo("{\"a\":\"b\",\"b\":\"c\"}");
        assertThat(apply("{\"a\":\"b\"}", "{\"a\":null}")).isEqualTo("{}");
        assertThat(apply("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}")).isEqualTo("{\"b\":\"c\"}");
        assertThat(apply("{\"a\":[\"b\"]}", "{\"a\":\"c\"}")).isEqualTo("{\"a\":\"c\"}");
        assertThat(apply("{\"a\":\"c\"}", "{\"a\":[\"b\"]}")).isEqualTo("{\"a\":[\"b\"]}");
        assertThat(apply("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}"))
                .isEqualTo("{\"a\":{\"b\":\"d\"}}");
        assertThat(apply("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}")).isEqualTo("{\"a\":[1]}");
        assertThat(apply("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo("{\"a\":{\"bb\":{}}}");
        assertThat(apply("{\"e\":null}", "{\"a\":1}")).isEqualTo("{\"e\":null,\"a\":1}");
    }
}
