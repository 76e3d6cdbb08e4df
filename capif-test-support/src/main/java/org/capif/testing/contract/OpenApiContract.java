package org.capif.testing.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates HTTP answers of our services against the official TS 29.222 OpenAPI files (swagger-request-validator,
 * not hand-written checks): the status must be one the operation declares, and headers and body must match its schema
 * for that status, including {@code ProblemDetails} error bodies.
 */
public final class OpenApiContract {

    private static final Map<String, OpenApiContract> CACHE = new ConcurrentHashMap<>();

    private final OpenApiInteractionValidator validator;

    private OpenApiContract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /**
     * The contract of one API file, e.g. {@code TS29222_CAPIF_API_Invoker_Management_API.yaml}, whose operations are
     * served under {@code basePath}, e.g. {@code /api-invoker-management/v1}.
     */
    public static OpenApiContract of(String specFile, String basePath) {
        return CACHE.computeIfAbsent(specFile + "|" + basePath, k -> {
            Path spec = specsDir().resolve(specFile);
            if (!Files.isRegularFile(spec)) {
                throw new IllegalStateException("contract file not found: " + spec);
            }
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            options.setResolveFully(true);
            options.setResolveCombinators(false);
            OpenAPI api = new OpenAPIV3Parser().read(spec.toUri().toString(), null, options);
            if (api == null) {
                throw new IllegalStateException("contract file cannot be parsed: " + spec);
            }
            // Two in-memory repairs, neither of which loosens what our answers are checked against:
            // TS 29.572 GADShape declares a discriminator on a property that is a $ref to an extensible enum, which
            // the validator's JSON Schema engine rejects as a syntax error. A discriminator only guides polymorphic
            // (de)serialisation; the oneOf/allOf it annotates keep validating, so it is dropped in memory only.
            normalise(api);
            return new OpenApiContract(OpenApiInteractionValidator.createFor(api)
                    .withBasePathOverride(basePath)
                    .build());
        });
    }

    /** Throws {@link AssertionError} listing every violation if the answer breaks the contract. */
    public Response check(String method, String path, Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : response.headers()) {
            headers.put(h.getName(), h.getValue());
        }
        check(method, path, response.statusCode(), headers, response.asString());
        return response;
    }

    /** Throws {@link AssertionError} listing every violation if this answer breaks the contract. */
    public void check(String method, String path, int status, Map<String, String> headers, String body) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(status);
        headers.forEach(builder::withHeader);
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        ValidationReport report = validator.validateResponse(
                path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), builder.build());
        if (report.hasErrors()) {
            throw new AssertionError("response of " + method + " " + path + " (" + status
                    + ") breaks the TS 29.222 contract:\n"
                    + report.getMessages().stream()
                            .map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining("\n"))
                    + "\nbody: " + body);
        }
    }

    private static void normalise(OpenAPI api) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(s -> drop(s, seen));
        }
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                    op.getRequestBody().getContent().values().forEach(m -> drop(m.getSchema(), seen));
                }
                if (op.getResponses() != null) {
                    op.getResponses().values().forEach(r -> {
                        if (r.getContent() != null) {
                            r.getContent().values().forEach(m -> drop(m.getSchema(), seen));
                        }
                    });
                }
            }));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void drop(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        schema.setDiscriminator(null);
        // swagger-parser's full resolution stamps "type: object" on composed schemas that had no type, which would make
        // every extensible enum (anyOf of strings) reject strings; composed schemas without properties get it removed.
        boolean combinator = schema.getAnyOf() != null || schema.getOneOf() != null || schema.getAllOf() != null;
        if (combinator && schema.getProperties() == null && "object".equals(schema.getType())) {
            schema.setType(null);
            schema.setTypes(null);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> drop(p, seen));
        }
        if (schema.getItems() != null) {
            drop(schema.getItems(), seen);
        }
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            drop(additional, seen);
        }
        for (List<Schema> composed : new List[] {schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
            if (composed != null) {
                composed.forEach(c -> drop(c, seen));
            }
        }
    }

    private static Path specsDir() {
        String dir = System.getProperty("capif-test.specs-dir");
        if (dir != null) {
            return Path.of(dir);
        }
        // Running from a module directory without the surefire property (e.g. in an IDE).
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("specs/3gpp"))) {
                return p.resolve("specs/3gpp");
            }
        }
        throw new IllegalStateException("set -Dcapif-test.specs-dir to the folder of the TS 29.222 OpenAPI files");
    }
}
