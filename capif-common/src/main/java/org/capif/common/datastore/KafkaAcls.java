package org.capif.common.datastore;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs of the CAPIF core, derived from {@link CapifService}: each service may create and write only the
 * topics it owns, read only the topics it consumes, and use only its own consumer groups. Everything else is denied
 * ({@code allow.everyone.if.no.acl.found=false}). Brokers of the tests and of the local stack apply exactly these;
 * {@code docs/security.md} lists them for a production cluster.
 */
public final class KafkaAcls {

    /**
     * {@code ssl.principal.mapping.rules} of the brokers: the subject {@code CN=<id>,OU=service} of a CAPIF service
     * certificate becomes the principal {@code <id>}; any other subject (invoker, AEF, operator) keeps its full
     * distinguished name, which no ACL names.
     */
    public static final String PRINCIPAL_MAPPING_RULES = "RULE:^CN=([A-Za-z0-9._-]+),OU=service$/$1/,DEFAULT";

    private KafkaAcls() {}

    /** The Kafka principal of a service ({@code User:<id>}), with TLS client certificates or SASL/SCRAM alike. */
    public static String principal(CapifService service) {
        return "User:" + service.id();
    }

    /** Every ACL of every service. */
    public static List<AclBinding> all() {
        List<AclBinding> out = new ArrayList<>();
        for (CapifService s : CapifService.values()) {
            out.addAll(of(s));
        }
        return out;
    }

    /** The ACLs of one service. */
    public static List<AclBinding> of(CapifService service) {
        List<AclBinding> out = new ArrayList<>();
        for (String topic : service.writes()) {
            for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE)) {
                out.add(allow(service, ResourceType.TOPIC, topic, op));
            }
        }
        for (String topic : service.reads()) {
            for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
                out.add(allow(service, ResourceType.TOPIC, topic, op));
            }
        }
        for (String group : service.groups()) {
            out.add(allow(service, ResourceType.GROUP, group, AclOperation.READ));
        }
        return out;
    }

    private static AclBinding allow(CapifService service, ResourceType type, String name, AclOperation op) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal(service), "*", op, AclPermissionType.ALLOW));
    }
}
