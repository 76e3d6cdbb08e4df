package org.capif.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code capif}: a command line for CAPIF invokers, AEFs and operators. Exit codes: 0 success (ALLOW for decisions),
 * 1 DENY, 2 usage error, 3 refused by the service (4xx), 4 service error (5xx), 5 unreachable or TLS failure, 6 local
 * file problem.
 */
@Command(
        name = "capif",
        mixinStandardHelpOptions = true,
        version = "capif 0.1.0",
        description = "Drive the CAPIF core: register providers, publish APIs, onboard invokers, discover, get"
                + " tokens, ask the validator, subscribe to events, audit, administer.",
        footer = {
            "",
            "Exit codes: 0 ok/ALLOW, 1 DENY, 2 usage, 3 refused (4xx), 4 service error (5xx),"
                    + " 5 unreachable/TLS, 6 local files."
        },
        subcommands = {
            ProviderCommands.class,
            ApiCommands.class,
            InvokerCommands.class,
            SecurityCommands.class,
            TokenCommands.class,
            ValidatorCommands.class,
            EventsCommands.class,
            AuditCommand.class,
            OperatorCommands.class
        })
public class Capif {

    @Option(
            names = "--env-file",
            scope = ScopeType.INHERIT,
            description = "Shell file with CAPIF_* variables (default: .capif-local/endpoints.env if present).")
    void envFile(java.nio.file.Path file) {
        Endpoints.envFile = file;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Capif());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException c) {
                commandLine.getErr().println("capif: " + c.getMessage());
                return c.exitCode();
            }
            commandLine.getErr().println("capif: unexpected error: " + e);
            return CliException.LOCAL;
        });
        return cli.execute(args);
    }
}
