package org.capif.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** The local stack's ports: fixed defaults, all shifted by {@code --port-offset}. */
public record Ports(int offset) {

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
        m.put("PostgreSQL", postgres());
        m.put("Kafka", kafka());
        m.put("Kafka controller", kafkaController());
        return m;
    }

    /** The first port that is taken on 127.0.0.1, as "name (port)", or null if all are free. */
    public String firstBusy() {
        for (Map.Entry<String, Integer> e : all().entrySet()) {
            try (ServerSocket s = new ServerSocket(e.getValue(), 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException busy) {
                return e.getKey() + " (port " + e.getValue() + ")";
            }
        }
        return null;
    }
}
