package org.capif.common.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The service table and the ACLs derived from it. */
class CapifServiceTest {

    @Test
    void tableWhenReadThenEveryTopicHasExactlyOneOwnerAndEveryConsumedTopicAnOwner() {
        Map<String, String> owners = new HashMap<>();
        for (CapifService s : CapifService.values()) {
            for (String topic : s.writes()) {
                assertThat(owners.put(topic, s.id())).as(topic + " owned twice").isNull();
            }
        }
        for (CapifService s : CapifService.values()) {
            assertThat(owners.keySet()).containsAll(s.reads());
        }
        assertThat(owners)
                .containsEntry(CapifTopics.INVOKER_EVENTS, "invoker-management")
                .containsEntry(CapifTopics.TOKEN_REVOCATIONS, "authorization-function");
    }

    @Test
    void aclsWhenDerivedThenOnlyLiteralAllowsForTheServicePrincipal() {
        for (AclBinding b : KafkaAcls.all()) {
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.entry().principal()).startsWith("User:").doesNotContain("*");
            assertThat(b.entry().operation()).isNotIn(AclOperation.ALL, AclOperation.ALTER, AclOperation.DELETE);
        }
    }

    @Test
    void aclsWhenValidatorThenReadsTheSixStateTopicsAndWritesOnlyItsDecisionLogs() {
        List<AclBinding> acls = KafkaAcls.of(CapifService.TOKEN_VALIDATOR);
        assertThat(acls).allSatisfy(b -> {
            assertThat(b.entry().principal()).isEqualTo("User:token-validator");
            assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
        });
        assertThat(acls.stream()
                        .filter(b -> b.entry().operation() == AclOperation.READ)
                        .map(b -> b.pattern().name()))
                .containsExactlyInAnyOrder(
                        CapifTopics.INVOKER_EVENTS,
                        CapifTopics.SECURITY_EVENTS,
                        CapifTopics.POLICY_EVENTS,
                        CapifTopics.TOKEN_REVOCATIONS,
                        CapifTopics.PROVIDER_EVENTS,
                        CapifTopics.SERVICE_API_EVENTS);
        assertThat(acls.stream()
                        .filter(b -> b.entry().operation() == AclOperation.WRITE
                                || b.entry().operation() == AclOperation.CREATE)
                        .map(b -> b.pattern().name())
                        .distinct())
                .containsExactly(CapifTopics.DECISION_LOGS);
    }

    @Test
    void aclsWhenEventManagementThenItsGroupReadsOnTheSourcesAndWritesOnlyItsLogsAndDeadLetters() {
        CapifService events = CapifService.EVENT_MANAGEMENT;
        assertThat(events.reads())
                .containsExactlyInAnyOrder(
                        CapifTopics.INVOKER_EVENTS,
                        CapifTopics.SECURITY_EVENTS,
                        CapifTopics.POLICY_EVENTS,
                        CapifTopics.PROVIDER_EVENTS,
                        CapifTopics.SERVICE_API_EVENTS,
                        CapifTopics.DECISION_LOGS);
        assertThat(events.writes())
                .allMatch(t -> t.equals(CapifTopics.INVOCATION_LOGS) || t.endsWith(".event-management.dlq"));
        assertThat(KafkaAcls.of(events))
                .anyMatch(b -> b.pattern().resourceType() == ResourceType.GROUP
                        && b.pattern().name().equals("capif-event-management")
                        && b.entry().operation() == AclOperation.READ);
    }

    @Test
    void aclsWhenAuthorizationFunctionThenItsGroupAndNoWriteOnInvokerEvents() {
        List<AclBinding> acls = KafkaAcls.of(CapifService.AUTHORIZATION_FUNCTION);
        assertThat(acls)
                .anyMatch(b -> b.pattern().resourceType() == ResourceType.GROUP
                        && b.pattern().name().equals("capif-authorization-function")
                        && b.entry().operation() == AclOperation.READ);
        assertThat(acls)
                .noneMatch(b -> b.pattern().name().equals(CapifTopics.INVOKER_EVENTS)
                        && b.entry().operation() != AclOperation.READ
                        && b.entry().operation() != AclOperation.DESCRIBE);
    }

    @Test
    void lookupWhenIdOrRoleThenTheEntry() {
        assertThat(CapifService.byId("token-validator")).contains(CapifService.TOKEN_VALIDATOR);
        assertThat(CapifService.byRole("capif_invoker")).contains(CapifService.INVOKER_MANAGEMENT);
        assertThat(CapifService.byId("nobody")).isEmpty();
    }
}
