package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.bridge.EmitTally;
import io.fleetcompat.agent.bridge.HostEventRelay;
import io.fleetcompat.agent.bridge.TablePolicyLookup;
import io.fleetcompat.agent.bridge.WireIdentities;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.ToolstackOptions;
import io.fleetcompat.agent.xen.HostConfig;
import java.time.Clock;
import java.util.List;

/**
 * The one host of an agent: a {@link HostToolstack} on the Xen model with the configured identity (profile,
 * FIFO build switch), looking directives up in the runtime's policy table and reporting through the host's sink.
 * Nothing drives it on its own: whoever owns the host (a test, a workload) calls the toolstack from one thread.
 */
public final class ModelBackedHost implements EventSource {

    private final ToolstackOptions options;
    private final Clock clock;
    private volatile HostToolstack toolstack;
    private volatile HostEventRelay relay;

    public ModelBackedHost(ToolstackOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /** The default toolstack options and the system clock, as the agent runs. */
    public static ModelBackedHost withDefaults() {
        return new ModelBackedHost(ToolstackOptions.DEFAULTS, Clock.systemUTC());
    }

    /** The agent's toolstack with its configured edge fail-safe and the system clock. */
    public static ModelBackedHost of(EdgeFailsafe edgeFailsafe) {
        return new ModelBackedHost(ToolstackOptions.DEFAULTS.withEdgeFailsafe(edgeFailsafe), Clock.systemUTC());
    }

    @Override
    public void start(HostContext context) {
        HostConfig config = HostConfig.of(WireIdentities.toModel(context.identity().xenProfile()))
                .withFifoBuiltIn(context.identity().fifoBuiltIn());
        HostEventRelay host = new HostEventRelay(context.events(), new EmitTally());
        this.toolstack = new HostToolstack(context.identity().hostId(), config,
                new TablePolicyLookup(context.policies()), host, clock, options);
        this.relay = host;
    }

    /** The toolstack, once the runtime has started this host. */
    public HostToolstack toolstack() {
        if (toolstack == null) {
            throw new IllegalStateException("the host has not been added to a runtime yet");
        }
        return toolstack;
    }

    @Override
    public List<String> runningInstanceIds() {
        HostEventRelay host = relay;
        return host == null ? List.of() : host.runningInstanceIds();
    }

    @Override
    public void close() {
        // The toolstack holds no threads or files; its domains are the model's.
    }
}
