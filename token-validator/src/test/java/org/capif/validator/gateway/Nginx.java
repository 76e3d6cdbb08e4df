package org.capif.validator.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.capif.testing.CapifTestResource;
import org.capif.testing.pki.Credential;

/**
 * A real NGINX (Debian's package) on 127.0.0.1 serving the example site {@code deploy/gateway/nginx/capif-aef.conf},
 * rendered as an operator would with envsubst, in front of the given upstream and validator.
 */
final class Nginx implements AutoCloseable {

    /** The example site, from the module directory. */
    static final Path SITE = Path.of("..", "deploy", "gateway", "nginx", "capif-aef.conf");

    private final Path dir;
    private final Process process;
    private final int port;

    private Nginx(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The nginx binary, or a failure that says how to install it. */
    static String binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed; the gateway tests need Debian's package:"
                + " apt-get install -y nginx (.ci/run installs it)");
    }

    /** The site with its placeholders replaced (what {@code envsubst '${CAPIF_...}'} does). */
    static String render(Map<String, String> values) throws IOException {
        String site = Files.readString(SITE);
        for (Map.Entry<String, String> e : values.entrySet()) {
            site = site.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (site.matches("(?s).*\\$\\{CAPIF_[A-Z_]+}.*")) {
            throw new IllegalArgumentException("placeholder left in the site");
        }
        return site;
    }

    /** Starts NGINX as the gateway of the AEF whose credential is given. */
    static Nginx start(Credential aef, String validator, String upstream) throws Exception {
        Path dir = Files.createTempDirectory("capif-nginx-");
        Files.writeString(dir.resolve("aef.crt"), aef.certificatePem());
        Files.writeString(dir.resolve("aef.key"), aef.privateKeyPem());
        int port = freePort();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("CAPIF_LISTEN", "127.0.0.1:" + port);
        values.put("CAPIF_SERVER_NAME", "localhost");
        values.put("CAPIF_SERVER_CERT", CapifTestResource.pki().serverCertFile().toString());
        values.put("CAPIF_SERVER_KEY", CapifTestResource.pki().serverKeyFile().toString());
        values.put("CAPIF_CA_CERT", CapifTestResource.pki().caCertFile().toString());
        values.put("CAPIF_AEF_CERT", dir.resolve("aef.crt").toString());
        values.put("CAPIF_AEF_KEY", dir.resolve("aef.key").toString());
        values.put("CAPIF_VALIDATOR", validator);
        values.put("CAPIF_VALIDATOR_NAME", "localhost");
        values.put("CAPIF_UPSTREAM", upstream);
        Files.writeString(dir.resolve("site.conf"), render(values));
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "daemon off;",
                        "worker_processes 1;",
                        "pid " + dir.resolve("nginx.pid") + ";",
                        "error_log " + dir.resolve("error.log") + " warn;",
                        "events { worker_connections 1024; }",
                        "http {",
                        "  access_log off;",
                        "  client_body_temp_path " + dir.resolve("body") + ";",
                        "  proxy_temp_path " + dir.resolve("proxy") + ";",
                        "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                        "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                        "  scgi_temp_path " + dir.resolve("scgi") + ";",
                        "  include " + dir.resolve("site.conf") + ";",
                        "}",
                        ""));
        List<String> base = List.of(
                binary(),
                "-p",
                dir.toString(),
                "-c",
                dir.resolve("nginx.conf").toString(),
                "-e",
                dir.resolve("error.log").toString());
        Process test =
                new ProcessBuilder(concat(base, "-t")).redirectErrorStream(true).start();
        String checked = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!test.waitFor(30, TimeUnit.SECONDS) || test.exitValue() != 0) {
            throw new IllegalStateException("nginx -t refused the rendered site:\n" + checked);
        }
        Process process = new ProcessBuilder(base)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx nginx = new Nginx(dir, process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                nginx.close();
                throw new IllegalStateException("nginx did not start: " + nginx.log());
            }
            Thread.sleep(50);
        }
        return nginx;
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
