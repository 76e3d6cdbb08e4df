package org.capif.helm;

import java.util.List;
import java.util.Map;

/**
 * Evaluates rendered NetworkPolicies as Kubernetes does, so the tests state flows ("the validator may call the AF's
 * API port") instead of matching YAML. An endpoint is a pod (namespace, its labels, the namespace's labels) or an
 * address outside the cluster.
 */
final class Flows {

    /** One side of a connection. */
    record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels, String ip) {

        static Endpoint pod(String namespace, Map<String, String> podLabels) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), podLabels, null);
        }

        static Endpoint address(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), ip);
        }

        /** A pod of one of the chart's components in the release namespace. */
        static Endpoint component(String component) {
            return pod(
                    Helm.NAMESPACE,
                    Map.of(
                            "app.kubernetes.io/name",
                            "capif",
                            "app.kubernetes.io/instance",
                            Helm.RELEASE,
                            "app.kubernetes.io/component",
                            component));
        }
    }

    private Flows() {}

    /** Whether the policies that select {@code target} let {@code source} open a TCP connection to {@code port}. */
    static boolean ingressAllowed(Rendered r, Endpoint source, Endpoint target, int port) {
        List<Map<String, Object>> selecting = selecting(r, target, "Ingress");
        return selecting.isEmpty()
                || selecting.stream().anyMatch(p -> Rendered.list(p, "spec.ingress").stream()
                        .anyMatch(rule -> peersMatch(Rendered.list(rule, "from"), source, target.namespace())
                                && portsMatch(Rendered.list(rule, "ports"), port, "TCP")));
    }

    /** Whether the policies that select {@code source} let it open a connection to {@code destination}. */
    static boolean egressAllowed(Rendered r, Endpoint source, Endpoint destination, int port, String protocol) {
        List<Map<String, Object>> selecting = selecting(r, source, "Egress");
        return selecting.isEmpty()
                || selecting.stream().anyMatch(p -> Rendered.list(p, "spec.egress").stream()
                        .anyMatch(rule -> peersMatch(Rendered.list(rule, "to"), destination, source.namespace())
                                && portsMatch(Rendered.list(rule, "ports"), port, protocol)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> selecting(Rendered r, Endpoint pod, String type) {
        return r.ofKind("NetworkPolicy").stream()
                .filter(p -> Helm.NAMESPACE.equals(pod.namespace()))
                .filter(p -> selects((Map<String, Object>) Rendered.at(p, "spec.podSelector"), pod.podLabels()))
                .filter(p -> ((List<String>) Rendered.at(p, "spec.policyTypes")).contains(type))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean peersMatch(List<Map<String, Object>> peers, Endpoint e, String policyNamespace) {
        if (peers.isEmpty()) {
            return true;
        }
        for (Map<String, Object> peer : peers) {
            Map<String, Object> ipBlock = (Map<String, Object>) peer.get("ipBlock");
            if (ipBlock != null) {
                if (e.ip() != null
                        && inCidr(e.ip(), (String) ipBlock.get("cidr"))
                        && ((List<String>) ipBlock.getOrDefault("except", List.of()))
                                .stream().noneMatch(x -> inCidr(e.ip(), x))) {
                    return true;
                }
                continue;
            }
            if (e.namespace() == null) {
                continue;
            }
            Map<String, Object> ns = (Map<String, Object>) peer.get("namespaceSelector");
            Map<String, Object> pods = (Map<String, Object>) peer.get("podSelector");
            boolean nsOk = ns == null ? e.namespace().equals(policyNamespace) : selects(ns, e.namespaceLabels());
            boolean podOk = pods == null || selects(pods, e.podLabels());
            if (nsOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<Map<String, Object>> ports, int port, String protocol) {
        return ports.isEmpty()
                || ports.stream()
                        .anyMatch(p -> Integer.valueOf(port).equals(p.get("port"))
                                && protocol.equals(p.getOrDefault("protocol", "TCP")));
    }

    @SuppressWarnings("unchecked")
    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> match = (Map<String, String>) selector.getOrDefault("matchLabels", Map.of());
        if (!match.entrySet().stream().allMatch(m -> m.getValue().equals(labels.get(m.getKey())))) {
            return false;
        }
        for (Map<String, Object> expr :
                (List<Map<String, Object>>) selector.getOrDefault("matchExpressions", List.of())) {
            String value = labels.get((String) expr.get("key"));
            List<String> values = (List<String>) expr.getOrDefault("values", List.of());
            boolean ok =
                    switch ((String) expr.get("operator")) {
                        case "In" -> value != null && values.contains(value);
                        case "NotIn" -> value == null || !values.contains(value);
                        case "Exists" -> value != null;
                        default -> value == null;
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        byte[] address = literal(ip);
        byte[] network = literal(parts[0]);
        if (address.length != network.length) {
            return false; // IPv4 and IPv6 never match each other
        }
        int bits = Integer.parseInt(parts[1]);
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((address[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 or IPv6 literal's bytes (never a name lookup: only literals are accepted). */
    private static byte[] literal(String ip) {
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + ip);
        }
        try {
            return java.net.InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }
}
