package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The invoker's security context at the authorization function (TS 29.222 CAPIF_Security_API). */
@Command(
        name = "security",
        description = "Establish or show the invoker's security context.",
        mixinStandardHelpOptions = true,
        subcommands = {SecurityCommands.Create.class, SecurityCommands.Show.class})
public class SecurityCommands {

    @Command(
            name = "create",
            description = "PUT /trustedInvokers/{id}: ask for a security method per AEF/API.",
            mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true, description = "The invoker directory.")
        Path dir;

        @Option(names = "--aef", required = true, split = ",", description = "AEF ids (all their subscribed APIs).")
        List<String> aefs;

        @Option(
                names = "--methods",
                split = ",",
                defaultValue = "OAUTH,PKI",
                description = "Preferred security methods, in order (default: ${DEFAULT-VALUE}).")
        List<String> methods;

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            List<Map<String, Object>> info = new ArrayList<>();
            for (String aef : aefs) {
                info.add(Map.of("aefId", aef, "prefSecurityMethods", methods));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("securityInfo", info);
            body.put("notificationDestination", "https://invoker.example.com/security");
            JsonNode answer = invoker.http(endpoints)
                    .json(
                            "PUT",
                            endpoints.get("CAPIF_SECURITY_URL") + "/capif-security/v1/trustedInvokers/" + invoker.id(),
                            body)
                    .json();
            print(answer);
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "GET /trustedInvokers/{id} (as the invoker).",
            mixinStandardHelpOptions = true)
    static class Show implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            print(invoker.http(endpoints)
                    .json(
                            "GET",
                            endpoints.get("CAPIF_SECURITY_URL") + "/capif-security/v1/trustedInvokers/" + invoker.id(),
                            null)
                    .json());
            return 0;
        }
    }

    static void print(JsonNode context) {
        System.out.println("security context:");
        for (JsonNode i : context.path("securityInfo")) {
            System.out.println("  " + i.path("aefId").asText() + " / "
                    + i.path("apiId").asText() + ": "
                    + i.path("selSecurityMethod").asText() + " (preferred " + i.path("prefSecurityMethods") + ")");
        }
    }
}
