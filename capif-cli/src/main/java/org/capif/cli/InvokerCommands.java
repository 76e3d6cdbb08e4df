package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The API invoker's side of CAPIF-1e: onboarding, update (including re-keying) and offboarding. */
@Command(
        name = "invoker",
        description = "Onboard, update or offboard an API invoker (TS 29.222 API invoker management).",
        mixinStandardHelpOptions = true,
        subcommands = {
            InvokerCommands.Onboard.class,
            InvokerCommands.Update.class,
            InvokerCommands.Offboard.class,
            InvokerCommands.Discover.class
        })
public class InvokerCommands {

    static final String INVOKERS = "/api-invoker-management/v1/onboardedInvokers";

    static String csr(KeyPair keys, String name) {
        try {
            return Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new CliException(CliException.LOCAL, "cannot create a CSR: " + e.getMessage());
        }
    }

    /** Service API descriptions from {@code apiName} or {@code apiName@aefId} entries. */
    static List<Map<String, Object>> apiList(List<String> apis) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String entry : apis) {
            int at = entry.indexOf('@');
            if (at < 0) {
                out.add(Map.of("apiName", entry));
            } else {
                out.add(Map.of(
                        "apiName", entry.substring(0, at),
                        "aefProfiles",
                                List.of(Map.of(
                                        "aefId",
                                        entry.substring(at + 1),
                                        "versions",
                                        List.of(Map.of("apiVersion", "v1"))))));
            }
        }
        return out;
    }

    @Command(
            name = "onboard",
            description = "Create a key and CSR, onboard with an onboarding credential, save the"
                    + " key, certificate and API invoker ID in --dir.",
            mixinStandardHelpOptions = true)
    static class Onboard implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true, description = "Directory for the invoker's files (created).")
        Path dir;

        @Option(
                names = "--credential-file",
                description = "File with the onboarding credential" + " (default: CAPIF_ONBOARDING_TOKEN_FILE).")
        Path credentialFile;

        @Option(
                names = "--apis",
                split = ",",
                paramLabel = "apiName[@aefId]",
                description = "Service APIs to subscribe to, by name (and AEF).")
        List<String> apis = new ArrayList<>();

        @Option(names = "--notification-destination", defaultValue = "https://invoker.example.com/notifications")
        String notificationDestination;

        @Override
        public Integer call() {
            Path credential = credentialFile != null ? credentialFile : endpoints.path("CAPIF_ONBOARDING_TOKEN_FILE");
            String token = InvokerDir.readFile(credential).strip();
            KeyPair keys = KeyPairs.ecP256();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("onboardingInformation", Map.of("apiInvokerPublicKey", csr(keys, "capif-cli-invoker")));
            body.put("notificationDestination", notificationDestination);
            if (!apis.isEmpty()) {
                body.put("apiList", Map.of("serviceAPIDescriptions", apiList(apis)));
            }
            Http http = Http.of(endpoints.path("CAPIF_CA_CERT"), null, null);
            Http.Answer answer =
                    http.jsonWithBearer(endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL") + INVOKERS, body, token);
            JsonNode details = answer.json();
            InvokerDir out = new InvokerDir(dir);
            out.write("invoker.key", Pem.encode(keys.getPrivate()), true);
            out.write(
                    "invoker.crt",
                    details.path("onboardingInformation")
                            .path("apiInvokerCertificate")
                            .asText(),
                    false);
            out.write("invoker.id", details.path("apiInvokerId").asText() + "\n", false);
            System.out.println(
                    "onboarded API invoker " + details.path("apiInvokerId").asText());
            System.out.println("  enrolment:   " + answer.header("Location"));
            System.out.println("  certificate: " + out.certificate() + " (x5t#S256 " + out.thumbprint() + ")");
            for (JsonNode api : details.path("apiList").path("serviceAPIDescriptions")) {
                System.out.println("  subscribed:  " + api.path("apiId").asText() + " ("
                        + api.path("apiName").asText() + " at "
                        + api.path("aefProfiles").path(0).path("aefId").asText() + ")");
            }
            return 0;
        }
    }

    @Command(
            name = "update",
            description = "Change the subscription and/or re-key the invoker (PATCH).",
            mixinStandardHelpOptions = true)
    static class Update implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Option(
                names = "--apis",
                split = ",",
                paramLabel = "apiName[@aefId]",
                description = "The new subscription, by API name (and AEF).")
        List<String> apis;

        @Option(names = "--rekey", description = "Generate a new key pair and get a new certificate.")
        boolean rekey;

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            Map<String, Object> patch = new LinkedHashMap<>();
            KeyPair keys = rekey ? KeyPairs.ecP256() : null;
            if (keys != null) {
                patch.put("onboardingInformation", Map.of("apiInvokerPublicKey", csr(keys, "capif-cli-invoker")));
            }
            if (apis != null) {
                patch.put("apiList", Map.of("serviceAPIDescriptions", apiList(apis)));
            }
            if (patch.isEmpty()) {
                throw new CliException(2, "nothing to update: give --apis and/or --rekey");
            }
            Http http = invoker.http(endpoints);
            JsonNode details = http.json(
                            "PATCH",
                            endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL") + INVOKERS + "/" + invoker.id(),
                            patch,
                            "application/merge-patch+json")
                    .json();
            if (keys != null) {
                invoker.write("invoker.key", Pem.encode(keys.getPrivate()), true);
                invoker.write(
                        "invoker.crt",
                        details.path("onboardingInformation")
                                .path("apiInvokerCertificate")
                                .asText(),
                        false);
            }
            System.out.println("updated API invoker " + invoker.id()
                    + (keys != null ? " (new certificate, x5t#S256 " + invoker.thumbprint() + ")" : ""));
            return 0;
        }
    }

    @Command(name = "offboard", description = "Offboard the invoker (DELETE).", mixinStandardHelpOptions = true)
    static class Offboard implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            invoker.http(endpoints)
                    .json(
                            "DELETE",
                            endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL") + INVOKERS + "/" + invoker.id(),
                            null);
            System.out.println("offboarded API invoker " + invoker.id());
            return 0;
        }
    }

    @Command(
            name = "discover",
            description = "Discover published service APIs (TS 29.222 discover service API), with the query's filters.",
            mixinStandardHelpOptions = true)
    static class Discover implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Option(names = "--api-name")
        String apiName;

        @Option(names = "--aef-id")
        String aefId;

        @Option(names = "--api-version")
        String apiVersion;

        @Option(names = "--protocol")
        String protocol;

        @Option(names = "--data-format")
        String dataFormat;

        @Option(names = "--comm-type")
        String commType;

        @Option(names = "--api-cat")
        String apiCat;

        @Option(
                names = "--filter",
                description =
                        "Any other query parameter of the YAML, as name=value (e.g. ue-ip-addr={\"ipv4Addr\":\"...\"}).")
        Map<String, String> filters = new LinkedHashMap<>();

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("api-invoker-id", invoker.id());
            put(query, "api-name", apiName);
            put(query, "aef-id", aefId);
            put(query, "api-version", apiVersion);
            put(query, "protocol", protocol);
            put(query, "data-format", dataFormat);
            put(query, "comm-type", commType);
            put(query, "api-cat", apiCat);
            query.putAll(filters);
            StringBuilder url = new StringBuilder(endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL"))
                    .append("/service-apis/v1/allServiceAPIs?");
            query.forEach((k, v) ->
                    url.append(encode(k)).append('=').append(encode(v)).append('&'));
            url.setLength(url.length() - 1);
            JsonNode found =
                    invoker.http(endpoints).json("GET", url.toString(), null).json();
            for (JsonNode api : found.path("serviceAPIDescriptions")) {
                ApiCommands.print(api);
            }
            return 0;
        }

        private static void put(Map<String, String> query, String name, String value) {
            if (value != null) {
                query.put(name, value);
            }
        }

        private static String encode(String s) {
            return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
