package io.fleetcompat.launcher;

import io.fleetcompat.kafka.embedded.security.ClusterAcls;
import io.fleetcompat.schema.ComponentAcls;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleet acls}: writes the ACLs each component's principal needs ({@link ComponentPrincipals},
 * events-schema's {@code ComponentAcls}) on a cluster whose authorizer denies what no ACL grants, or prints them
 * ({@code --dry-run}) for operators who manage ACLs themselves. Creating an ACL that exists changes nothing.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = "Write the least-privilege ACLs of the agents, fleet-stream and the dashboard (or print them "
                + "with --dry-run); ACLs that exist are left as they are, none is removed.",
        footer = {"", "Exit codes: 0 every ACL exists now (or was printed), 1 the cluster refused or was unreachable, "
                + "2 bad arguments."})
public final class AclsCommand implements Callable<Integer> {

    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z]+:\\S+");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LauncherContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "The Kafka cluster (not needed with --dry-run).")
    String bootstrapServers;

    @Mixin
    ClientConfigOptions client;

    @Option(names = "--agent-principal", paramLabel = "PRINCIPAL", defaultValue = "User:" + ComponentPrincipals.AGENT_USER,
            description = "The agents' principal (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--stream-principal", paramLabel = "PRINCIPAL",
            defaultValue = "User:" + ComponentPrincipals.STREAM_USER,
            description = "fleet-stream's principal (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--dashboard-principal", paramLabel = "PRINCIPAL",
            defaultValue = "User:" + ComponentPrincipals.DASHBOARD_USER,
            description = "The dashboard's principal (default: ${DEFAULT-VALUE}).")
    String dashboard;

    @Option(names = "--stream-application-id", paramLabel = "ID", defaultValue = ComponentAcls.DEFAULT_STREAM_APPLICATION_ID,
            description = "fleet-stream's application id: its internal topics, group and transactional ids start with "
                    + "it (default: ${DEFAULT-VALUE}).")
    String streamApplicationId;

    @Option(names = "--dry-run", description = "Only print the ACLs, one per line.")
    boolean dryRun;

    public AclsCommand(LauncherContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        for (String principal : List.of(agent, stream, dashboard)) {
            if (!PRINCIPAL.matcher(principal).matches()) {
                throw usage("a principal is TYPE:NAME, e.g. User:agent, was '" + principal + "'");
            }
        }
        if (streamApplicationId.isBlank()) {
            throw usage("--stream-application-id must not be empty");
        }
        if (!dryRun && bootstrapServers == null) {
            throw usage("--bootstrap-servers is needed unless --dry-run");
        }
        if (bootstrapServers != null && !ClientConfigOptions.isBootstrapList(bootstrapServers)) {
            throw usage("--bootstrap-servers needs HOST:PORT[,HOST:PORT...], was '" + bootstrapServers + "'");
        }
        List<AclBinding> acls = new ComponentPrincipals(agent, stream, dashboard, streamApplicationId).acls();
        Map<String, String> settings = client.settings();
        acls.forEach(acl -> context.out().println("fleet acls: " + ComponentPrincipals.describe(acl)));
        if (dryRun) {
            return ExitCodes.OK;
        }
        Map<String, Object> admin = new HashMap<>(settings);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "fleet-acls");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try {
            ClusterAcls.apply(admin, acls, TIMEOUT);
        } catch (IllegalStateException | KafkaException e) {
            throw LauncherException.failed("Kafka at " + bootstrapServers + ": " + e.getMessage());
        }
        context.out().println("fleet acls: " + acls.size() + " ACLs in place on " + bootstrapServers);
        return ExitCodes.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
