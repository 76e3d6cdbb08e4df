package org.capif.helm;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Checks rendered objects against the Kubernetes API schemas in two independent ways: the client-java model classes
 * ({@code V1Deployment.validateJsonElement}: unknown and missing fields) for built-in kinds, and the kubernetes-models
 * classes run by Node ({@code new Deployment(doc).validate()}: types, enums, required fields) for every kind,
 * including the cert-manager, prometheus-operator and Gateway API resources.
 */
final class KubeSchemas {

    private static final Gson GSON = new Gson();
    /** Kinds the client-java models cover (the others are CRDs). */
    private static final Set<String> BUILT_IN = Set.of(
            "ConfigMap",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Ingress",
            "NetworkPolicy",
            "Pod",
            "PodDisruptionBudget",
            "Service",
            "ServiceAccount");

    private KubeSchemas() {}

    /** Every problem found in the objects, as "Kind/name: problem"; empty when all are valid. */
    static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> o : rendered.objects()) {
            String kind = (String) o.get("kind");
            String id = kind + "/" + Rendered.at(o, "metadata.name");
            if (BUILT_IN.contains(kind)) {
                String problem = clientJava(o);
                if (problem != null) {
                    problems.add(id + " (client-java): " + problem);
                }
            }
        }
        for (Map<String, Object> r : kubernetesModels(rendered)) {
            if (r.get("error") != null) {
                problems.add(r.get("kind") + "/" + r.get("name") + " (kubernetes-models): " + r.get("error"));
            }
        }
        return problems;
    }

    /** The client-java verdict on one object: null when valid. */
    static String clientJava(Map<String, Object> o) {
        String apiVersion = (String) o.get("apiVersion");
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String cls = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + o.get("kind");
        try {
            Method validate = Class.forName(cls).getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, GSON.toJsonTree(o));
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            return "no client-java model " + cls;
        }
    }

    /** The kubernetes-models verdicts, one per object, in order: {kind, name, error}. */
    static List<Map<String, Object>> kubernetesModels(Rendered rendered) {
        Path script = ChartTools.validateScript();
        try {
            Path input = Files.createTempFile(ChartTools.TOOLS, "objects", ".json");
            Files.writeString(input, GSON.toJson(rendered.objects()));
            Process p = new ProcessBuilder("node", script.toString(), input.toString())
                    .directory(ChartTools.TOOLS.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("node validate-types.mjs failed: " + out);
            }
            Files.delete(input);
            return GSON.fromJson(out, new TypeToken<List<Map<String, Object>>>() {}.getType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
