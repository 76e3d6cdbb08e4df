package org.capif.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The optional one-origin front of the local stack ({@code capif-local --front}; decision D26): a real NGINX from the
 * machine's packages that serves every CAPIF API on one port, terminates the callers' mutual TLS (client certificates
 * from the CAPIF CA, optional as onboarding and registration need none), routes by path to the four services over
 * mutual TLS with its own service certificate ({@code urn:capif:service:capif-front}), and forwards the verified
 * client certificate in {@code X-Capif-Client-Cert}, which the services trust from it alone. Clients that address
 * all of CAPIF on one origin (the OpenCAPIF SDK) need it.
 */
final class LocalFront implements AutoCloseable {

    private final Process process;
    private final Path log;

    private LocalFront(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Where each API prefix goes. */
    static Map<String, Integer> routes(Ports ports) {
        Map<String, Integer> r = new LinkedHashMap<>();
        r.put("/api-invoker-management/", ports.imApi());
        r.put("/service-apis/", ports.imApi());
        r.put("/capif-security/", ports.afApi());
        r.put("/access-control-policy/", ports.afApi());
        r.put("/api-provider-management/", ports.pmApi());
        r.put("/published-apis/", ports.pmApi());
        r.put("/getauth", ports.pmApi());
        r.put("/aef-security/", ports.validatorApi());
        r.put("/token-validator/", ports.validatorApi());
        r.put("/capif-events/", ports.emApi());
        r.put("/api-invocation-logs/", ports.emApi());
        r.put("/logs/", ports.emApi());
        return r;
    }

    static LocalFront start(Path state, LocalPki pki, Ports ports) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(state.resolve("front"));
        for (String sub : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(dir.resolve("tmp").resolve(sub));
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, pki, ports));
        Path log = state.resolve("logs").resolve("front.log");
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process p;
        try {
            p = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("--front needs NGINX (Debian: apt-get install nginx-light): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("NGINX exited: " + Files.readString(log));
            }
            try (var s = new java.net.Socket("127.0.0.1", ports.front())) {
                return new LocalFront(p, log);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("NGINX did not listen on " + ports.front() + "; see " + log);
    }

    static String config(Path dir, LocalPki pki, Ports ports) {
        String ca = pki.file("ca.crt").toString();
        String crt = pki.file("front.crt").toString();
        String key = pki.file("front.key").toString();
        StringBuilder locations = new StringBuilder();
        routes(ports).forEach((prefix, port) -> locations
                .append("        location ")
                .append(prefix)
                .append(" { proxy_pass https://127.0.0.1:")
                .append(port)
                .append("; }\n"));
        return """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/client_body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    server_tokens off;
                    client_max_body_size 256k;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %3$s;
                        ssl_certificate_key %4$s;
                        ssl_protocols TLSv1.3 TLSv1.2;
                        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305;
                        ssl_client_certificate %5$s;
                        ssl_verify_client optional;
                        ssl_verify_depth 2;
                        proxy_ssl_certificate %3$s;
                        proxy_ssl_certificate_key %4$s;
                        proxy_ssl_trusted_certificate %5$s;
                        proxy_ssl_verify on;
                        proxy_ssl_name localhost;
                        proxy_ssl_protocols TLSv1.3;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        # the verified client certificate, or nothing: never a header the client sent
                        proxy_set_header X-Capif-Client-Cert $ssl_client_escaped_cert;
                %6$s        location / {
                            default_type application/problem+json;
                            return 404 '{"title":"Not Found","status":404,"detail":"No resource exists at this URI.","cause":"RESOURCE_NOT_FOUND"}';
                        }
                    }
                }
                """
                .formatted(dir, ports.front(), crt, key, ca, locations);
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
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }
}
