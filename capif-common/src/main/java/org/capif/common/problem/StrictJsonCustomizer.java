package org.capif.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Makes JSON binding refuse wrong types instead of coercing them: a number where the schema wants a string, a string
 * where it wants a boolean or integer, trailing garbage after the document. It also refuses what JSON allows but no
 * CAPIF field can hold: a key repeated in one object (which value counts would be up to the parser), nesting deeper
 * than {@link #MAX_NESTING_DEPTH}, and strings with control characters other than tab, line feed and carriage return
 * (a NUL cannot even be stored in PostgreSQL text) or with unpaired UTF-16 surrogates (no UTF-8 form). Each is a 400
 * {@code INVALID_JSON}. Unknown properties stay accepted (3GPP APIs are extensible, TS 29.501 §5.2.4).
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** Deepest nesting of arrays and objects accepted; the deepest CAPIF body is about six levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Applies the strict settings to any mapper (also used by tests and tools). */
    @SuppressWarnings("deprecation")
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build());
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("capif-strict-strings").addDeserializer(String.class, new Strings()));
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.POJO).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    /** Strings as the standard deserializer reads them, refused if they hold characters no CAPIF field may hold. */
    static final class Strings extends StdScalarDeserializer<String> {

        private final StringDeserializer standard = StringDeserializer.instance;

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = standard.deserialize(p, ctxt);
            if (value != null && !acceptable(value)) {
                throw InvalidFormatException.from(
                        p, "control character or unpaired surrogate in a string", "(refused)", String.class);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        static boolean acceptable(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
