package org.capif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line behaviour that needs no server: help, usage errors, missing settings, unreachable services. */
class CliTest {

    @Test
    void helpWhenAskedThenZeroAndEveryCommandListed() {
        assertThat(Capif.run("--help")).isZero();
        assertThat(Capif.run("invoker", "onboard", "--help")).isZero();
    }

    @Test
    void runWhenUnknownCommandOrMissingOptionThenUsageError() {
        assertThat(Capif.run("frobnicate")).isEqualTo(2);
        assertThat(Capif.run("invoker", "onboard")).isEqualTo(2);
    }

    @Test
    void runWhenSettingMissingThenLocalError(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("empty.env");
        Files.writeString(env, "# nothing\n");
        assertThat(Capif.run("operator", "list-invokers", "--env-file", env.toString()))
                .isEqualTo(CliException.LOCAL);
    }

    @Test
    void eventsAndAuditWhenHelpOrSubscriberMissingThenZeroOrUsageError(@TempDir Path dir) throws Exception {
        assertThat(Capif.run("events", "subscribe", "--help")).isZero();
        assertThat(Capif.run("audit", "--help")).isZero();
        assertThat(Capif.run("events", "subscribe", "--callback", "https://x.example.com/n"))
                .isEqualTo(2);
        Path env = dir.resolve("e.env");
        Files.writeString(env, "CAPIF_EVENTS_URL=https://localhost:1\nCAPIF_CA_CERT=/nonexistent\n");
        assertThat(Capif.run("events", "list", "--env-file", env.toString())).isEqualTo(CliException.USAGE);
    }

    @Test
    void auditWhenNextLinkThenFollowedOnTheGivenEndpointWithItsQuery() {
        assertThat(AuditCommand.next(
                        "<https://capif.example.com/logs/v1/apiInvocationLogs?limit=2&page-token=MTIzLjQ1>;"
                                + " rel=\"next\"",
                        "https://localhost:8447"))
                .isEqualTo("https://localhost:8447/logs/v1/apiInvocationLogs?limit=2&page-token=MTIzLjQ1");
        assertThat(AuditCommand.next(null, "https://localhost:8447")).isNull();
    }

    @Test
    void eventsListWhenSubscriptionListedThenIdEventsCallbackAndDeliveryStatePrinted() throws Exception {
        var listed = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"subscriptionId\":\"s-1\",\"subscription\":{\"events\":[\"SERVICE_API_AVAILABLE\","
                        + "\"SERVICE_API_UNAVAILABLE\"],\"notificationDestination\":\"https://127.0.0.1:9555/n\","
                        + "\"eventFilters\":[{\"apiIds\":[\"api-1\",\"api-2\"]},{\"apiIds\":[\"api-1\",\"api-2\"]}]},"
                        + "\"pending\":3,\"dropped\":0,\"failingSince\":\"2026-12-03T15:00:00Z\"}");
        assertThat(EventsCommands.List_.line(listed))
                .isEqualTo("subscription s-1\n  events: SERVICE_API_AVAILABLE, SERVICE_API_UNAVAILABLE\n"
                        + "  callback: https://127.0.0.1:9555/n\n  api ids: api-1, api-2\n"
                        + "  pending: 3, dropped: 0, failing since 2026-12-03T15:00:00Z\n");
    }

    @Test
    void readWhenShellExportsThenValues(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("e.env");
        Files.writeString(env, "export A='x y'\nB=\"z\"\n# c\nexport C=plain\n");
        assertThat(Endpoints.read(env))
                .containsEntry("A", "x y")
                .containsEntry("B", "z")
                .containsEntry("C", "plain");
    }

    @Test
    void explainWhenProblemDetailsThenCauseDetailAndParams() {
        assertThat(Http.explain("{\"cause\":\"INVALID_CSR\",\"detail\":\"bad\",\"invalidParams\":[{\"param\":\"/a\","
                        + "\"reason\":\"r\"}]}"))
                .isEqualTo("INVALID_CSR - bad\n    /a: r");
        assertThat(Http.explain("{\"error\":\"invalid_scope\",\"error_description\":\"no\"}"))
                .isEqualTo("invalid_scope - no");
    }

    @Test
    void onboardWhenCredentialFileMissingThenLocalErrorNotACrash(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("e.env");
        Files.writeString(env, "CAPIF_CA_CERT=/nonexistent\nCAPIF_INVOKER_MANAGEMENT_URL=https://localhost:1\n");
        assertThat(Capif.run(
                        "invoker",
                        "onboard",
                        "--env-file",
                        env.toString(),
                        "--dir",
                        dir.resolve("i").toString(),
                        "--credential-file",
                        "relative-missing.jwt"))
                .isEqualTo(CliException.LOCAL);
    }
}
