package org.capif.testing.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.capif.testing.http.RawHttps;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;

/**
 * Assertions on a service's management interface, the same for every service: health open to anyone; metrics and the
 * OpenAPI document only for a {@code monitoring} client certificate; errors as ProblemDetails; no software version
 * and no {@code Server} header in any answer.
 */
public final class ManagementChecks {

    /** What a monitoring system reads; each needs a monitoring certificate. */
    public static final List<String> GUARDED = List.of(
            "/q/metrics",
            "/q/openapi",
            "/q/openapi?format=json",
            "/q/health/../metrics",
            "/q/health/%2e%2e/metrics",
            "/q//metrics",
            "/q/metrics/",
            "/Q/metrics",
            "/q/nothing-here");

    /** The probes, open to anyone. */
    public static final List<String> OPEN = List.of("/q/health", "/q/health/live", "/q/health/ready");

    private ManagementChecks() {}

    /** The management interface's operations, for the hostile-input sweep ({@link EdgeSweep}). */
    public static List<Operation> operations(int port, TestPki pki) {
        Credential monitoring = pki.monitoring("prometheus");
        return List.of(
                Operation.call("GET", "/q/health/ready").acceptIgnored().on(port),
                Operation.call("GET", "/q/health/live").acceptIgnored().on(port),
                Operation.call("GET", "/q/metrics")
                        .as(monitoring)
                        .acceptIgnored()
                        .on(port),
                Operation.call("GET", "/q/openapi")
                        .as(monitoring)
                        .acceptIgnored()
                        .on(port));
    }

    /** Metrics, OpenAPI and anything but health: 401 without certificate, 403 for the other roles. */
    public static void assertMonitoringOnly(int port, TestPki pki, Credential... otherRoles) {
        RawHttps anonymous = RawHttps.to(port, pki, null);
        for (String path : GUARDED) {
            assertRefused(anonymous.send("GET", path, Map.of(), null), 401, "CLIENT_CERTIFICATE_REQUIRED", path);
            for (Credential other : otherRoles) {
                assertRefused(
                        RawHttps.to(port, pki, other).send("GET", path, Map.of(), null), 403, "ROLE_NOT_ALLOWED", path);
            }
        }
        for (String path : OPEN) {
            RawHttps.Answer a = anonymous.send("GET", path, Map.of(), null);
            assertThat(a.status()).as(path + ": " + a).isIn(200, 503);
            assertThat(a.text()).as(path).contains("\"status\"");
        }
        assertRefused(anonymous.send("POST", "/q/health", Map.of(), new byte[0]), 405, "METHOD_NOT_ALLOWED", "POST");
    }

    /** With a monitoring certificate: metrics and OpenAPI served; an unknown path is a 404 ProblemDetails. */
    public static RawHttps.Answer assertServedToMonitoring(int port, TestPki pki, String path) {
        RawHttps.Answer a = RawHttps.to(port, pki, pki.monitoring("prometheus")).send("GET", path, Map.of(), null);
        assertThat(a.status()).as(path + ": " + a).isEqualTo(200);
        return a;
    }

    /** Every answer of the management port, to anyone, is free of software versions and {@code Server} headers. */
    public static void assertNoVersions(int port, TestPki pki) {
        RawHttps monitoring = RawHttps.to(port, pki, pki.monitoring("prometheus"));
        RawHttps anonymous = RawHttps.to(port, pki, null);
        for (String path : List.of(
                "/q/metrics",
                "/q/openapi",
                "/q/openapi?format=json",
                "/q/health",
                "/q/health/ready",
                "/q/health/live",
                "/q/nothing-here",
                "/")) {
            for (RawHttps client : List.of(monitoring, anonymous)) {
                RawHttps.Answer a = client.send("GET", path, Map.of(), null);
                assertThat(a.header("server")).as(path).isNull();
                String all = a.headers() + "\n" + a.text();
                for (String version : Versions.known()) {
                    assertThat(all).as(path + " exposes " + version).doesNotContain(version);
                }
                if (a.status() >= 400) {
                    assertThat(a.header("content-type")).as(path).startsWith("application/problem+json");
                }
            }
        }
    }

    private static void assertRefused(RawHttps.Answer a, int status, String cause, String what) {
        assertThat(a.status()).as(what + ": " + a).isEqualTo(status);
        assertThat(a.header("content-type")).as(what).startsWith("application/problem+json");
        assertThat(a.text()).as(what).contains("\"cause\":\"" + cause + "\"");
    }
}
