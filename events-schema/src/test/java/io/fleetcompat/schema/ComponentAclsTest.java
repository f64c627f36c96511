package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class ComponentAclsTest {

    @Test
    void shouldLetAgentsWriteEventsHostsAndDeadLettersAndReadPolicyOnly() {
        List<AclBinding> acls = ComponentAcls.agent("User:agent");

        assertThat(topics(acls, AclOperation.WRITE)).containsExactlyInAnyOrder("fleet.events", "fleet.hosts",
                "fleet.dead-letters");
        assertThat(topics(acls, AclOperation.READ)).containsExactly("fleet.policy");
        assertThat(acls).as("no group: the policy consumer assigns its partitions itself")
                .noneMatch(acl -> acl.pattern().resourceType() == ResourceType.GROUP);
    }

    @Test
    void shouldLetOnlyTheDashboardWriteCommandsAndOnlyFleetStreamWritePolicy() {
        List<AclBinding> stream = ComponentAcls.stream("User:fleet-stream", "fleet-stream");
        List<AclBinding> dashboard = ComponentAcls.dashboard("User:dashboard");
        List<AclBinding> agent = ComponentAcls.agent("User:agent");

        assertThat(topics(dashboard, AclOperation.WRITE)).containsExactly("fleet.commands");
        assertThat(topics(dashboard, AclOperation.READ)).hasSize(Topics.all().size());
        assertThat(topics(stream, AclOperation.WRITE)).containsExactlyInAnyOrder("fleet.policy", "fleet.audit",
                "fleet.rollouts", "fleet.dead-letters");
        assertThat(topics(stream, AclOperation.READ)).containsExactlyInAnyOrder("fleet.events", "fleet.hosts",
                "fleet.commands");
        assertThat(topics(agent, AclOperation.WRITE)).doesNotContain("fleet.policy", "fleet.commands");
    }

    @Test
    void shouldGiveFleetStreamItsOwnTopicsGroupAndTransactionalIdsByApplicationIdPrefix() {
        List<AclBinding> acls = ComponentAcls.stream("User:fleet-stream", "fleet-stream-blue");

        Set<ResourceType> prefixed = acls.stream()
                .filter(acl -> acl.pattern().patternType() == PatternType.PREFIXED)
                .peek(acl -> assertThat(acl.pattern().name()).isEqualTo("fleet-stream-blue"))
                .map(acl -> acl.pattern().resourceType()).collect(Collectors.toSet());
        assertThat(prefixed).containsExactlyInAnyOrder(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID);
        assertThat(acls).allSatisfy(acl -> {
            assertThat(acl.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(acl.entry().principal()).isEqualTo("User:fleet-stream");
            assertThat(acl.entry().host()).isEqualTo("*");
            assertThat(acl.entry().operation()).isNotEqualTo(AclOperation.ALL);
        });
    }

    @Test
    void shouldLetEachDashboardInstanceReadInItsOwnGroup() {
        assertThat(ComponentAcls.dashboard("User:dashboard")).anySatisfy(acl -> {
            assertThat(acl.pattern().resourceType()).isEqualTo(ResourceType.GROUP);
            assertThat(acl.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
            assertThat(acl.pattern().name()).isEqualTo(ComponentAcls.DASHBOARD_GROUP_PREFIX);
        });
    }

    private static List<String> topics(List<AclBinding> acls, AclOperation operation) {
        return acls.stream()
                .filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC)
                .filter(acl -> acl.pattern().patternType() == PatternType.LITERAL)
                .filter(acl -> acl.entry().operation() == operation)
                .map(acl -> acl.pattern().name()).toList();
    }
}
