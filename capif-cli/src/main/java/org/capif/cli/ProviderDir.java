package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.capif.common.cert.Pem;

/**
 * An API provider domain's files: {@code provider.json} (the domain id and, per function, its local name such as
 * {@code aef-1}, its role and the {@code apiProvFuncId} CAPIF assigned), and per function {@code <name>.key} (its
 * private key, mode 0600) and {@code <name>.crt} (the certificate bundle CAPIF issued).
 */
public record ProviderDir(Path dir) {

    /** One function as recorded locally. */
    public record Function(String name, String role, String id) {}

    InvokerDir files() {
        return new InvokerDir(dir);
    }

    public String domainId() {
        return state().path("apiProvDomId").asText();
    }

    public List<Function> functions() {
        List<Function> out = new ArrayList<>();
        for (JsonNode f : state().path("functions")) {
            out.add(new Function(
                    f.path("name").asText(),
                    f.path("role").asText(),
                    f.path("id").asText()));
        }
        return out;
    }

    /** The function with this local name (e.g. {@code apf-1}) or CAPIF id. */
    public Function function(String nameOrId) {
        return functions().stream()
                .filter(f -> f.name().equals(nameOrId) || f.id().equals(nameOrId))
                .findFirst()
                .orElseThrow(() -> new CliException(
                        CliException.USAGE, "no function " + nameOrId + " in " + dir.resolve("provider.json")));
    }

    /** The first function of a role (e.g. the AMF). */
    public Function first(String role) {
        return functions().stream()
                .filter(f -> f.role().equals(role))
                .findFirst()
                .orElseThrow(() -> new CliException(CliException.USAGE, "the domain in " + dir + " has no " + role));
    }

    /** HTTPS as this function (its certificate and key), trusting the CAPIF CA of the endpoints. */
    public Http http(Endpoints endpoints, Function f) {
        return Http.of(endpoints.path("CAPIF_CA_CERT"), dir.resolve(f.name() + ".crt"), dir.resolve(f.name() + ".key"));
    }

    public KeyPair keys(Function f) {
        return new KeyPair(
                Pem.certificates(files().read(f.name() + ".crt")).get(0).getPublicKey(),
                Pem.privateKey(files().read(f.name() + ".key")));
    }

    /**
     * Records CAPIF's answer: for the i-th function of the request (named {@code names.get(i)}) its id and certificate;
     * keys are written by the caller.
     */
    public void record(JsonNode details, List<String> names) {
        ObjectNode state = Http.JSON.createObjectNode();
        state.put("apiProvDomId", details.path("apiProvDomId").asText());
        ArrayNode functions = state.putArray("functions");
        JsonNode answered = details.path("apiProvFuncs");
        for (int i = 0; i < names.size(); i++) {
            JsonNode f = answered.path(i);
            functions
                    .addObject()
                    .put("name", names.get(i))
                    .put("role", f.path("apiProvFuncRole").asText())
                    .put("id", f.path("apiProvFuncId").asText());
            files().write(
                            names.get(i) + ".crt",
                            f.path("regInfo").path("apiProvCert").asText(),
                            false);
        }
        files().write("provider.json", state.toPrettyString() + "\n", false);
    }

    private JsonNode state() {
        try {
            return Http.JSON.readTree(files().read("provider.json"));
        } catch (java.io.IOException e) {
            throw new CliException(CliException.LOCAL, "cannot read " + dir.resolve("provider.json"));
        }
    }
}
