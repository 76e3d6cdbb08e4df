package org.capif.local;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.capif.common.datastore.CapifService;

/** Attempts on the running stack's PostgreSQL and Kafka as a local user could make them; each returns the failure. */
final class StackDatastores {

    private final RunningStack stack;

    StackDatastores(RunningStack stack) {
        this.stack = stack;
    }

    /** The secrets file of the stack: name to password. */
    Map<String, String> secrets() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(stack.state().resolve("secrets.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** Null if the connection was accepted, else the exception. */
    Exception jdbc(String database, String query, String user, String password) {
        String url = "jdbc:postgresql://127.0.0.1:" + stack.ports().postgres() + "/" + database + query;
        try {
            DriverManager.getConnection(url, user, password).close();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** The query string of a verified TLS connection. */
    String verifiedTls() {
        return "?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(stack.pki().file("ca.crt").toString(), StandardCharsets.UTF_8);
    }

    /** Null if the cluster could be described with this client configuration, else the failure. */
    Exception describeCluster(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        try (Admin admin = Admin.create(c)) {
            admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** Client configuration as a CAPIF service of the stack, with its certificate. */
    Map<String, Object> asService(CapifService service) {
        LocalPki pki = stack.pki();
        return pki.kafka().client(bootstrap(), pki.serviceCert(service), pki.serviceKey(service));
    }

    String bootstrap() {
        return "127.0.0.1:" + stack.ports().kafka();
    }

    /** Null if the record was acknowledged, else the failure. */
    Exception produce(Map<String, Object> client, String topic) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "forged", "{}")).get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /**
     * Starts another instance of a running service with the same command line, its ports moved by 1000 and the given
     * system properties replaced or added; waits for it to end (a refused configuration ends it) and returns its exit
     * code and output.
     */
    RunningStack.Cli relaunch(long pid, String passwordName, Map<String, String> overrides) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
        Map<String, String> pending = new LinkedHashMap<>(overrides);
        for (String arg : ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow()) {
            int eq = arg.indexOf('=');
            String key = arg.startsWith("-D") && eq > 0 ? arg.substring(2, eq) : null;
            if (key != null && pending.containsKey(key)) {
                cmd.add("-D" + key + "=" + pending.remove(key));
            } else if (key != null && (key.equals("quarkus.http.ssl-port") || key.equals("quarkus.management.port"))) {
                cmd.add("-D" + key + "=" + (Integer.parseInt(arg.substring(eq + 1)) + 1000));
            } else if (arg.startsWith("-Xlog:gc")) {
                continue;
            } else if (arg.equals("-jar")) {
                pending.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
                pending.clear();
                cmd.add(arg);
            } else {
                cmd.add(arg);
            }
        }
        Path log = Files.createTempFile(stack.state(), "relaunch-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", secrets().get(passwordName));
        Process p = pb.start();
        // a configuration that is not refused starts a service, which is stopped here (and fails the caller's check)
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            return new RunningStack.Cli(0, Files.readString(log));
        }
        return new RunningStack.Cli(p.exitValue(), Files.readString(log));
    }

    /** Command lines of every process on the machine (what {@code ps} shows any local user). */
    static List<String> commandLines() {
        return ProcessHandle.allProcesses()
                .map(h -> h.info().commandLine().orElse(""))
                .toList();
    }

    /** Files of the PKI that hold private keys. */
    List<Path> keyFiles() throws IOException {
        try (var files = Files.walk(stack.pki().dir())) {
            return files.filter(
                            f -> f.toString().endsWith(".key") || f.toString().endsWith(".pem"))
                    .toList();
        }
    }
}
