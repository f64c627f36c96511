package io.fleetcompat.launcher;

import io.fleetcompat.schema.ComponentAcls;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;

/**
 * The Kafka principal of each component kind, and every ACL they need together ({@link ComponentAcls}). The
 * defaults are the SCRAM users (and certificate CNs) {@code ./fleet demo --secure} creates.
 *
 * @param streamApplicationId fleet-stream's application id: its topics, group and transactional ids start with it
 */
public record ComponentPrincipals(String agent, String stream, String dashboard, String streamApplicationId) {

    public static final String AGENT_USER = "agent";
    public static final String STREAM_USER = "fleet-stream";
    public static final String DASHBOARD_USER = "dashboard";

    public static ComponentPrincipals defaults() {
        return new ComponentPrincipals("User:" + AGENT_USER, "User:" + STREAM_USER, "User:" + DASHBOARD_USER,
                ComponentAcls.DEFAULT_STREAM_APPLICATION_ID);
    }

    /** Agents', then fleet-stream's, then the dashboard's ACLs. */
    public List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>(ComponentAcls.agent(agent));
        acls.addAll(ComponentAcls.stream(stream, streamApplicationId));
        acls.addAll(ComponentAcls.dashboard(dashboard));
        return List.copyOf(acls);
    }

    /** One line an operator can read and compare with {@code kafka-acls --list}. */
    public static String describe(AclBinding acl) {
        return acl.entry().principal() + " " + acl.entry().permissionType() + " " + acl.entry().operation() + " on "
                + acl.pattern().resourceType() + " " + acl.pattern().name()
                + (acl.pattern().patternType() == PatternType.PREFIXED ? "* (prefixed)" : "")
                + " from host " + acl.entry().host();
    }
}
