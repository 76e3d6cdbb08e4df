package org.capif.testing.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.restassured.http.Header;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
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
            return new OpenApiContract(OpenApiInteractionValidator.createForSpecificationUrl(
                            spec.toUri().toString())
                    .withBasePathOverride(basePath)
                    .build());
        });
    }

    /** Throws {@link AssertionError} listing every violation if the answer breaks the contract. */
    public Response check(String method, String path, Response response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
        for (Header h : response.headers()) {
            builder.withHeader(h.getName(), h.getValue());
        }
        String body = response.asString();
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        ValidationReport report = validator.validateResponse(
                path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), builder.build());
        if (report.hasErrors()) {
            throw new AssertionError("response of " + method + " " + path + " (" + response.statusCode()
                    + ") breaks the TS 29.222 contract:\n"
                    + report.getMessages().stream()
                            .map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining("\n"))
                    + "\nbody: " + body);
        }
        return response;
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
