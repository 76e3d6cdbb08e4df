package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** OAuth 2.0 access tokens from the authorization function (client_credentials over mutual TLS). */
@Command(
        name = "token",
        description = "Get or revoke an access token.",
        mixinStandardHelpOptions = true,
        subcommands = {TokenCommands.Get.class, TokenCommands.Revoke.class})
public class TokenCommands {

    @Command(
            name = "get",
            description = "POST /securities/{id}/token; prints the token and saves it to <dir>/token.",
            mixinStandardHelpOptions = true)
    static class Get implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Option(names = "--scope", description = "e.g. 3gpp#aef-demo:monitoring-event (default: everything allowed).")
        String scope;

        @Option(names = "--claims", description = "Also print the decoded header and claims.")
        boolean claims;

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("client_id", invoker.id());
            if (scope != null) {
                form.put("scope", scope);
            }
            JsonNode answer = invoker.http(endpoints)
                    .form(
                            endpoints.get("CAPIF_SECURITY_URL") + "/capif-security/v1/securities/" + invoker.id()
                                    + "/token",
                            form)
                    .json();
            String token = answer.path("access_token").asText();
            invoker.write("token", token + "\n", true);
            System.out.println(token);
            if (claims) {
                String[] parts = token.split("\\.");
                System.err.println("header: " + decode(parts[0]));
                System.err.println("claims: " + decode(parts[1]));
                System.err.println("scope:  " + answer.path("scope").asText() + ", expires in "
                        + answer.path("expires_in").asLong() + " s");
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke the saved token (RFC 7009).", mixinStandardHelpOptions = true)
    static class Revoke implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Override
        public Integer call() {
            InvokerDir invoker = new InvokerDir(dir);
            invoker.http(endpoints)
                    .form(
                            endpoints.get("CAPIF_SECURITY_URL") + "/capif-security/v1/securities/" + invoker.id()
                                    + "/revoke",
                            Map.of("token", invoker.read("token").strip()));
            System.out.println("revoked the token in " + dir.resolve("token"));
            return 0;
        }
    }

    static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
