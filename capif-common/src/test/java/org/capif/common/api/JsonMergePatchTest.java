package org.capif.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.junit.jupiter.api.Test;

/** RFC 7396 appendix A examples, the ones that apply to object patches; reading a PATCH body. */
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

    @Test
    void parseWhenUtf8ObjectOfPatchableMembersThenRead() {
        ObjectNode patch = JsonMergePatch.parse(
                mapper, "{\"info\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8), Set.of("info"), "Patch");

        assertThat(patch.get("info").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void parseWhenBytesAreNotUtf8ThenInvalidJsonNotReplacementCharacters() {
        // Latin-1 e-acute, a lone 0xFF, a lead byte without its continuation: each was once decoded to U+FFFD or
        // by the request's charset and stored
        for (byte[] bad : new byte[][] {{(byte) 0xE9}, {(byte) 0xFF}, {(byte) 0xC3, 0x28}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("{\"info\":\"caf".getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(bad);
            body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(() -> JsonMergePatch.parse(mapper, body.toByteArray(), Set.of("info"), "Patch"))
                    .isInstanceOfSatisfying(
                            CapifException.class, e -> assertThat(e.causeCode()).isEqualTo(Causes.INVALID_JSON));
        }
    }
}
