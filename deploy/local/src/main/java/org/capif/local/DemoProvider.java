package org.capif.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capif.cli.Capif;
import org.capif.cli.Http;
import org.capif.cli.ProviderDir;

/**
 * The local stack's demo API provider domain, registered and published at first start through the standard APIs
 * (TS 29.222 API provider management and publish service API) with the {@code capif} CLI: an AMF, an APF and an AEF,
 * and two service APIs at that AEF, {@code monitoring-event} (OAUTH, PKI) and {@code as-session-with-qos} (OAUTH).
 * Its files (keys, certificates, ids) stay in the state directory, and {@code endpoints.env} names them.
 */
final class DemoProvider {

    static final String MONITORING = "monitoring-event";
    static final String QOS = "as-session-with-qos";

    private final Path dir;
    private final Path env;

    DemoProvider(Path dir, Path env) {
        this.dir = dir;
        this.env = env;
    }

    boolean exists() {
        return Files.exists(dir.resolve("apis.properties"));
    }

    /** Registers the domain and publishes the two APIs; false (after the CLI said why) if a step failed. */
    boolean create(LocalPki pki, Ports ports) {
        String e = env.toString();
        String d = dir.toString();
        int rc = Capif.run("provider", "register", "--env-file", e, "--dir", d, "--info", "capif-local demo provider");
        rc = rc != 0
                ? rc
                : Capif.run(
                        "api",
                        "publish",
                        "--env-file",
                        e,
                        "--dir",
                        d,
                        "--name",
                        MONITORING,
                        "--aef",
                        "aef-1",
                        "--methods",
                        "OAUTH,PKI",
                        "--fqdn",
                        "localhost",
                        "--port",
                        "8443",
                        "--resource",
                        "subscriptions:/{scsAsId}/subscriptions:GET|POST;subscription:/{scsAsId}/subscriptions/{subscriptionId}:GET|PUT|DELETE",
                        "--description",
                        "TS 29.122 MonitoringEvent (demo)");
        rc = rc != 0
                ? rc
                : Capif.run(
                        "api",
                        "publish",
                        "--env-file",
                        e,
                        "--dir",
                        d,
                        "--name",
                        QOS,
                        "--aef",
                        "aef-1",
                        "--methods",
                        "OAUTH",
                        "--fqdn",
                        "localhost",
                        "--port",
                        "8443",
                        "--resource",
                        "sessions:/{scsAsId}/subscriptions:GET|POST",
                        "--description",
                        "TS 29.122 AsSessionWithQoS (demo)");
        if (rc == 0) {
            ProviderDir domain = new ProviderDir(dir);
            ProviderDir.Function apf = domain.first("APF");
            try {
                var apis = Http.of(
                                pki.file("ca.crt"), dir.resolve(apf.name() + ".crt"), dir.resolve(apf.name() + ".key"))
                        .json(
                                "GET",
                                "https://localhost:" + ports.pmApi() + "/published-apis/v1/" + apf.id()
                                        + "/service-apis",
                                null)
                        .json();
                StringBuilder ids = new StringBuilder();
                apis.forEach(a -> ids.append(a.path("apiName").asText())
                        .append('=')
                        .append(a.path("apiId").asText())
                        .append('\n'));
                Files.writeString(dir.resolve("apis.properties"), ids.toString());
            } catch (java.io.IOException | RuntimeException ex) {
                System.err.println("capif-local: cannot list the demo APIs: " + ex.getMessage());
                rc = 1;
            }
        }
        if (rc != 0) {
            try {
                LocalStack.deleteRecursively(dir); // the next start tries again from scratch
            } catch (java.io.IOException ignored) {
                // best effort
            }
            return false;
        }
        return true;
    }

    /** The demo provider's entries of endpoints.env (the AEF's keep the names the walkthrough always used). */
    Map<String, String> endpoints() {
        ProviderDir domain = new ProviderDir(dir);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CAPIF_PROVIDER_DIR", dir.toString());
        env.put("CAPIF_PROVIDER_DOMAIN_ID", domain.domainId());
        for (String role : new String[] {"AMF", "APF", "AEF"}) {
            ProviderDir.Function f = domain.first(role);
            env.put("CAPIF_" + role + "_ID", f.id());
            env.put("CAPIF_" + role + "_CERT", dir.resolve(f.name() + ".crt").toString());
            env.put("CAPIF_" + role + "_KEY", dir.resolve(f.name() + ".key").toString());
        }
        env.put("CAPIF_AEF_APIS", MONITORING + "," + QOS);
        try {
            java.util.Properties ids = new java.util.Properties();
            try (var in = Files.newInputStream(dir.resolve("apis.properties"))) {
                ids.load(in);
            }
            env.put("CAPIF_MONITORING_EVENT_API_ID", ids.getProperty(MONITORING, ""));
            env.put("CAPIF_QOS_API_ID", ids.getProperty(QOS, ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return env;
    }
}
