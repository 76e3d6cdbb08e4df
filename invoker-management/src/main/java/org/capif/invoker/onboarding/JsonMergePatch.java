package org.capif.invoker.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** RFC 7396 JSON merge patch: {@code null} removes a member, objects merge recursively, anything else replaces. */
final class JsonMergePatch {

    private JsonMergePatch() {}

    static void apply(ObjectNode target, ObjectNode patch) {
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
