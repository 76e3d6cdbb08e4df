package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** An AEF asking the token validator about one invocation. Exit code 0 for ALLOW, 1 for DENY. */
@Command(
        name = "validator",
        description = "Ask the token validator as an AEF.",
        mixinStandardHelpOptions = true,
        subcommands = {ValidatorCommands.Decide.class})
public class ValidatorCommands {

    /** Exit code of a decision that came out DENY. */
    public static final int DENIED = 1;

    @Command(
            name = "decide",
            description = "POST /token-validator/v1/decisions with the AEF's certificate"
                    + " (CAPIF_AEF_CERT/KEY). Exit 0 on ALLOW, 1 on DENY.",
            mixinStandardHelpOptions = true)
    static class Decide implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(
                names = "--invoker-dir",
                description = "Take the token (<dir>/token) and the invoker's certificate"
                        + " thumbprint from an invoker directory.")
        Path invokerDir;

        @Option(names = "--token", description = "The access token (instead of --invoker-dir).")
        String token;

        @Option(
                names = "--thumbprint",
                description = "x5t#S256 of the invoker's certificate (instead of --invoker-dir).")
        String thumbprint;

        @Option(names = "--api", required = true, description = "The API name being invoked.")
        String api;

        @Override
        public Integer call() {
            if (invokerDir != null) {
                InvokerDir invoker = new InvokerDir(invokerDir);
                token = token != null ? token : invoker.read("token").strip();
                thumbprint = thumbprint != null ? thumbprint : invoker.thumbprint();
            }
            if (token == null || thumbprint == null) {
                throw new CliException(2, "give --invoker-dir, or both --token and --thumbprint");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accessToken", token);
            body.put("apiName", api);
            body.put("clientCertThumbprint", thumbprint);
            JsonNode d = Http.of(
                            endpoints.path("CAPIF_CA_CERT"),
                            endpoints.path("CAPIF_AEF_CERT"),
                            endpoints.path("CAPIF_AEF_KEY"))
                    .json("POST", endpoints.get("CAPIF_VALIDATOR_URL") + "/token-validator/v1/decisions", body)
                    .json();
            System.out.println(
                    d.path("decision").asText() + " " + d.path("reason").asText()
                            + (d.hasNonNull("apiInvokerId")
                                    ? " invoker=" + d.path("apiInvokerId").asText()
                                    : "")
                            + (d.hasNonNull("expiresIn")
                                    ? " expiresIn=" + d.path("expiresIn").asLong() + "s"
                                    : ""));
            return "ALLOW".equals(d.path("decision").asText()) ? 0 : DENIED;
        }
    }
}
