package org.capif.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capif.common.datastore.CapifService;

/**
 * The local stack's ports: fixed defaults, all shifted by {@code --port-offset}. With several replicas
 * ({@code --replicas}), the load balancer listens on a service's API port and replica {@code r} (from 1) on its API and
 * management ports plus {@code 100 r} (see {@link #replica}).
 */
public record Ports(int offset) {

    /** Most replicas of one service (their ports must not reach the next service's range). */
    public static final int MAX_REPLICAS = 5;

    /** The port of replica {@code r} (1 to {@link #MAX_REPLICAS}) of a balanced port. */
    public static int replica(int port, int r) {
        if (r < 1 || r > MAX_REPLICAS) {
            throw new IllegalArgumentException("replica " + r + " is not between 1 and " + MAX_REPLICAS);
        }
        return port + 100 * r;
    }

    /** The API port of a service (the load balancer's when it has several replicas). */
    public int api(CapifService service) {
        return switch (service) {
            case INVOKER_MANAGEMENT -> imApi();
            case AUTHORIZATION_FUNCTION -> afApi();
            case TOKEN_VALIDATOR -> validatorApi();
            case PROVIDER_MANAGEMENT -> pmApi();
            case EVENT_MANAGEMENT -> emApi();
        };
    }

    /** The management port of a service (its first replica's plus 100 r per replica with several). */
    public int management(CapifService service) {
        return switch (service) {
            case INVOKER_MANAGEMENT -> imManagement();
            case AUTHORIZATION_FUNCTION -> afManagement();
            case TOKEN_VALIDATOR -> validatorManagement();
            case PROVIDER_MANAGEMENT -> pmManagement();
            case EVENT_MANAGEMENT -> emManagement();
        };
    }

    public int imApi() {
        return 8443 + offset;
    }

    public int imManagement() {
        return 9443 + offset;
    }

    public int afApi() {
        return 8444 + offset;
    }

    public int afManagement() {
        return 9444 + offset;
    }

    public int validatorApi() {
        return 8445 + offset;
    }

    public int validatorManagement() {
        return 9445 + offset;
    }

    public int pmApi() {
        return 8446 + offset;
    }

    public int pmManagement() {
        return 9446 + offset;
    }

    public int emApi() {
        return 8447 + offset;
    }

    public int emManagement() {
        return 9447 + offset;
    }

    /** The optional one-origin front (decision D26). */
    public int front() {
        return 8440 + offset;
    }

    public int postgres() {
        return 15432 + offset;
    }

    public int kafka() {
        return 19092 + offset;
    }

    public int kafkaController() {
        return 19093 + offset;
    }

    public Map<String, Integer> all() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("invoker-management API", imApi());
        m.put("invoker-management management", imManagement());
        m.put("authorization-function API", afApi());
        m.put("authorization-function management", afManagement());
        m.put("token-validator API", validatorApi());
        m.put("token-validator management", validatorManagement());
        m.put("provider-management API", pmApi());
        m.put("provider-management management", pmManagement());
        m.put("event-management API", emApi());
        m.put("event-management management", emManagement());
        m.put("PostgreSQL", postgres());
        m.put("Kafka", kafka());
        m.put("Kafka controller", kafkaController());
        return m;
    }

    /** {@link #all()} and the ports of every replica of the services that run several. */
    public Map<String, Integer> all(Map<CapifService, Integer> replicas) {
        Map<String, Integer> m = all();
        replicas.forEach((service, n) -> {
            for (int r = 1; n > 1 && r <= n; r++) {
                m.put(service.id() + "-" + r + " API", replica(api(service), r));
                m.put(service.id() + "-" + r + " management", replica(management(service), r));
            }
        });
        return m;
    }

    /** The first port that is taken on 127.0.0.1, as "name (port)", or null if all are free. */
    public String firstBusy() {
        return firstBusy(Map.of());
    }

    /** As {@link #firstBusy()}, with the ports of the replicas. */
    public String firstBusy(Map<CapifService, Integer> replicas) {
        for (Map.Entry<String, Integer> e : all(replicas).entrySet()) {
            try (ServerSocket s = new ServerSocket(e.getValue(), 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException busy) {
                return e.getKey() + " (port " + e.getValue() + ")";
            }
        }
        return null;
    }
}
