package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.events.EmitResult;
import io.fleetcompat.agent.events.LifecycleStep;
import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.agent.events.Values.Flags;
import io.fleetcompat.agent.events.Values.Kernel;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnAbi;
import java.nio.file.Path;
import java.util.List;

/**
 * Test-only agent process for {@link AgentKillIT}: the real runtime and outbox, with an event source that
 * emits N DomainCreated events for guests "guest-1".."guest-N", prints {@code APPENDED <n> <last sequence>}
 * and keeps running (publishing, heartbeating) until killed. Args: properties file, N.
 */
public final class SyntheticLifecycleAgent {

    static final String APPENDED = "APPENDED";

    private SyntheticLifecycleAgent() {
    }

    public static void main(String[] args) throws Exception {
        AgentConfig config = AgentConfigFactory.fromSettings(AgentConfigFactory.readProperties(Path.of(args[0])));
        int count = Integer.parseInt(args[1]);
        System.exit(AgentCommand.run(config, new EventSource() {
            @Override
            public void start(HostContext host) {
                long last = 0;
                for (int i = 1; i <= count; i++) {
                    EmitResult result = host.events().lifecycle(new LifecycleStep.DomainCreated("guest-" + i, i,
                            new Kernel("linux-5.10.0", "linux-5.10", "5.10.0", true, true, false),
                            new Flags(List.of("hvm"), 1), new Flags(List.of("hvm"), 1), Controls.UNSET, null,
                            CreateKind.FRESH_BOOT, null, EvtchnAbi.UNKNOWN, EdgeFailsafeOutcome.NOT_APPLICABLE));
                    if (!(result instanceof EmitResult.Queued queued)) {
                        throw new IllegalStateException("event " + i + " not queued: " + result);
                    }
                    last = queued.sequence();
                }
                System.out.println(APPENDED + " " + count + " " + last);
                System.out.flush();
            }

            @Override
            public List<String> runningInstanceIds() {
                return List.of();
            }

            @Override
            public void close() {
            }
        }));
    }
}
