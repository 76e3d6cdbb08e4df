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

/** Operator administration with the operator certificate (CAPIF_OPERATOR_CERT/KEY). */
@Command(
        name = "operator",
        description = "Operator administration: credentials, invokers, policies, revocation.",
        mixinStandardHelpOptions = true,
        subcommands = {
            OperatorCommands.MintCredential.class,
            OperatorCommands.ListInvokers.class,
            OperatorCommands.SetPolicy.class,
            OperatorCommands.Revoke.class,
            OperatorCommands.Offboard.class
        })
public class OperatorCommands {

    static Http operator(Endpoints e) {
        return Http.of(e.path("CAPIF_CA_CERT"), e.path("CAPIF_OPERATOR_CERT"), e.path("CAPIF_OPERATOR_KEY"));
    }

    @Command(
            name = "mint-credential",
            description = "Mint a single-use onboarding credential (invokers) or registration credential (API"
                    + " providers).",
            mixinStandardHelpOptions = true)
    static class MintCredential implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--subject", defaultValue = "unnamed", description = "Label of the invoker- or provider-to-be.")
        String subject;

        @Option(
                names = "--for",
                defaultValue = "onboarding",
                description = "onboarding (an API invoker) or registration (an API provider domain); default"
                        + " ${DEFAULT-VALUE}.")
        String kind;

        @Option(names = "--lifetime", description = "Seconds (default: the service's).")
        Long lifetime;

        @Option(names = "--out", description = "Write the credential to this file (mode 0600) instead of stdout.")
        Path out;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("subject", subject);
            if (lifetime != null) {
                body.put("lifetimeSeconds", lifetime);
            }
            String url =
                    switch (kind) {
                        case "onboarding" ->
                            endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL") + "/capif-admin/v1/onboarding-credentials";
                        case "registration" ->
                            endpoints.get("CAPIF_PROVIDER_MANAGEMENT_URL") + "/capif-admin/v1/registration-credentials";
                        default ->
                            throw new CliException(
                                    CliException.USAGE, "--for must be onboarding or registration, not " + kind);
                    };
            JsonNode minted = operator(endpoints).json("POST", url, body).json();
            String credential = minted.path("credential").asText();
            if (out == null) {
                System.out.println(credential);
            } else {
                InvokerDir.writeSecret(out, credential + "\n");
                System.out.println(kind + " credential " + minted.path("jti").asText() + " for "
                        + minted.path("subject").asText() + " written to " + out + ", valid until "
                        + minted.path("expiresAt").asText());
            }
            return 0;
        }
    }

    @Command(name = "list-invokers", description = "List onboarded invokers.", mixinStandardHelpOptions = true)
    static class ListInvokers implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Override
        public Integer call() {
            Http http = operator(endpoints);
            String after = "";
            int count = 0;
            while (true) {
                JsonNode page = http.json(
                                "GET",
                                endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL")
                                        + "/capif-admin/v1/invokers?limit=500&after="
                                        + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8),
                                null)
                        .json();
                if (page.isEmpty()) {
                    break;
                }
                for (JsonNode i : page) {
                    System.out.println(i.path("apiInvokerId").asText() + "  apis=" + i.path("apiIds")
                            + "  cert=" + i.path("certificateThumbprint").asText()
                            + "  until=" + i.path("certificateNotAfter").asText());
                    after = i.path("apiInvokerId").asText();
                    count++;
                }
            }
            System.out.println(count + " invoker(s)");
            return 0;
        }
    }

    @Command(
            name = "set-policy",
            description = "Set the access control policy of an invoker for an API at an AEF.",
            mixinStandardHelpOptions = true)
    static class SetPolicy implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--invoker", required = true)
        String invoker;

        @Option(names = "--aef", required = true)
        String aef;

        @Option(names = "--api-id", required = true)
        String apiId;

        @Option(names = "--total", description = "allowedTotalInvocations")
        Integer total;

        @Option(names = "--per-second", description = "allowedInvocationsPerSecond")
        Integer perSecond;

        @Option(names = "--from", description = "start of the allowed time range (ISO-8601 date-time)")
        String from;

        @Option(names = "--until", description = "end of the allowed time range (ISO-8601 date-time)")
        String until;

        @Option(names = "--remove", description = "Remove the policy instead.")
        boolean remove;

        @Override
        public Integer call() {
            String url = endpoints.get("CAPIF_SECURITY_URL") + "/capif-admin/v1/access-control-policies/" + aef + "/"
                    + apiId + "/" + invoker;
            if (remove) {
                operator(endpoints).json("DELETE", url, null);
                System.out.println("policy removed");
                return 0;
            }
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("apiInvokerId", invoker);
            if (total != null) {
                policy.put("allowedTotalInvocations", total);
            }
            if (perSecond != null) {
                policy.put("allowedInvocationsPerSecond", perSecond);
            }
            if (from != null || until != null) {
                Map<String, Object> range = new LinkedHashMap<>();
                if (from != null) {
                    range.put("startTime", from);
                }
                if (until != null) {
                    range.put("stopTime", until);
                }
                policy.put("allowedInvocationTimeRangeList", List.of(range));
            }
            System.out.println("policy set: "
                    + operator(endpoints).json("PUT", url, policy).body());
            return 0;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke an invoker's authorization for APIs (POST .../delete).",
            mixinStandardHelpOptions = true)
    static class Revoke implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--invoker", required = true)
        String invoker;

        @Option(names = "--api-ids", required = true, split = ",")
        List<String> apiIds = new ArrayList<>();

        @Option(names = "--aef", description = "Only at this AEF (default: every AEF).")
        String aef;

        @Option(names = "--cause", defaultValue = "UNEXPECTED_REASON")
        String cause;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("apiInvokerId", invoker);
            if (aef != null) {
                body.put("aefId", aef);
            }
            body.put("apiIds", apiIds);
            body.put("cause", cause);
            operator(endpoints)
                    .json(
                            "POST",
                            endpoints.get("CAPIF_SECURITY_URL") + "/capif-security/v1/trustedInvokers/" + invoker
                                    + "/delete",
                            body);
            System.out.println("authorization of " + invoker + " for " + apiIds + " revoked");
            return 0;
        }
    }

    @Command(name = "offboard", description = "Offboard an invoker.", mixinStandardHelpOptions = true)
    static class Offboard implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--invoker", required = true)
        String invoker;

        @Override
        public Integer call() {
            operator(endpoints)
                    .json(
                            "DELETE",
                            endpoints.get("CAPIF_INVOKER_MANAGEMENT_URL") + InvokerCommands.INVOKERS + "/" + invoker,
                            null);
            System.out.println("offboarded " + invoker);
            return 0;
        }
    }
}
