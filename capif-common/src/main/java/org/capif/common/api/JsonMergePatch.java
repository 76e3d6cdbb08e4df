package org.capif.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.problem.ProblemExceptionMappers;

/** RFC 7396 JSON merge patch: {@code null} removes a member, objects merge recursively, anything else replaces. */
public final class JsonMergePatch {

    private JsonMergePatch() {}

    /**
     * Reads a PATCH body: 400 {@code INVALID_JSON} unless it is a JSON object, 400 {@code INVALID_FIELD} naming every
     * member that is not one of {@code patchable} (the members of the operation's {@code ...Patch} schema). The body
     * is taken as bytes and parsed as UTF-8 whatever the {@code charset} parameter says (RFC 8259 §8.1, as every other
     * JSON body): a body read as a {@code String} would have been decoded with that charset, or with invalid UTF-8
     * replaced by U+FFFD, and stored so.
     */
    public static ObjectNode parse(ObjectMapper json, byte[] body, Set<String> patchable, String schema) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw CapifException.badRequest(
                    Causes.INVALID_JSON, "The request body is not valid JSON.", new InvalidParam("/", "not JSON"));
        }
        if (!(node instanceof ObjectNode object)) {
            throw CapifException.badRequest(
                    Causes.INVALID_JSON,
                    "A merge patch must be a JSON object (" + schema + ").",
                    new InvalidParam("/", "not a JSON object"));
        }
        List<InvalidParam> refused = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!patchable.contains(name)) {
                refused.add(new InvalidParam("/" + name, "not modifiable with PATCH (" + schema + ")"));
            }
        });
        if (!refused.isEmpty()) {
            throw CapifException.badRequest(
                    Causes.INVALID_FIELD, "The merge patch changes fields that PATCH cannot change.", refused);
        }
        return object;
    }

    /** Applies the patch to the current representation and binds the result; 400 {@code INVALID_JSON} if it cannot. */
    public static <T> T merge(ObjectMapper json, Object current, ObjectNode patch, Class<T> type) {
        ObjectNode target = json.valueToTree(current);
        apply(target, patch);
        try {
            return json.treeToValue(target, type);
        } catch (JsonProcessingException e) {
            throw invalid(type, new InvalidParam(ProblemExceptionMappers.pointer(e), "wrong type or malformed value"));
        } catch (IllegalArgumentException e) {
            throw invalid(type, new InvalidParam("/", "the merged document does not match the schema"));
        }
    }

    private static CapifException invalid(Class<?> type, InvalidParam param) {
        return CapifException.badRequest(
                Causes.INVALID_JSON, "The merge patch produces an invalid " + type.getSimpleName() + ".", param);
    }

    /** Applies {@code patch} to {@code target} in place. */
    public static void apply(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value instanceof ObjectNode object) {
                JsonNode existing = target.get(field.getKey());
                ObjectNode base = existing instanceof ObjectNode o ? o : target.objectNode();
                apply(base, object);
                target.set(field.getKey(), base);
            } else {
                target.set(field.getKey(), value);
            }
        }
    }
}
