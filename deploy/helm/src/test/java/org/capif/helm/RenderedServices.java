package org.capif.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every component the chart renders, in every set of values the configuration tests check, with what the service
 * gets: its ConfigMap's application.properties (parsed as Quarkus parses it), its environment (a value read from a
 * Secret stands as {@code secret:<name>/<key>}) and its Deployment, next to the service's own definition.
 */
final class RenderedServices {

    /** One component of one rendering. */
    record Service(
            String values,
            String component,
            String propertiesText,
            Map<String, String> properties,
            Map<String, String> environment,
            Map<String, Object> deployment,
            ServiceDefinition definition) {

        @Override
        public String toString() {
            return values + ": " + component;
        }
    }

    /**
     * The renderings: the chart's defaults (only the required values set), the example values, the other branch of
     * every switch (existing Secrets, SCRAM-SHA-512, per-component database names, provider-management disabled), and
     * SCRAM-SHA-256 with the OpenCAPIF SDK login on.
     */
    static final Map<String, Rendered> RENDERINGS = renderings();

    static final List<Service> ALL = services();

    private RenderedServices() {}

    private static Map<String, Rendered> renderings() {
        Map<String, Rendered> r = new LinkedHashMap<>();
        r.put("defaults", Helm.render().minimal().objects());
        r.put("ci-values", Helm.render().ci().objects());
        r.put("edge-values", Helm.render().edge().objects());
        Helm scram = Helm.render()
                .ci()
                .set("kafka.authentication", "scram-sha-256")
                .set("providerManagement.sdkCompat.enabled", "true")
                .set("providerManagement.credentialSecret", "capif-onboarding-credential-keys");
        Map.of(
                        "invokerManagement", "invoker-management",
                        "authorizationFunction", "authorization-function",
                        "tokenValidator", "token-validator",
                        "providerManagement", "provider-management",
                        "eventManagement", "event-management")
                .forEach((key, component) -> scram.set(key + ".kafka.existingSecret", component + "-kafka"));
        r.put("ci-values, scram-sha-256, sdkCompat", scram.objects());
        return r;
    }

    private static List<Service> services() {
        List<Service> out = new ArrayList<>();
        RENDERINGS.forEach((values, r) -> {
            for (Map<String, Object> cm : r.ofKind("ConfigMap")) {
                String component = (String) Rendered.at(cm, "metadata.labels.app.kubernetes.io/component");
                String text = (String) Rendered.at(cm, "data.application.properties");
                Map<String, Object> deployment = r.component("Deployment", component);
                out.add(new Service(
                        values,
                        component,
                        text,
                        ServiceDefinition.parse(text),
                        environment(deployment),
                        deployment,
                        ServiceDefinition.of(component)));
            }
        });
        return List.copyOf(out);
    }

    private static Map<String, String> environment(Map<String, Object> deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : Rendered.list(deployment, "spec.template.spec.containers[0].env")) {
            Object ref = Rendered.at(e, "valueFrom.secretKeyRef");
            env.put(
                    (String) e.get("name"),
                    ref == null
                            ? (String) e.get("value")
                            : "secret:" + Rendered.at(ref, "name") + "/" + Rendered.at(ref, "key"));
        }
        return env;
    }
}
