package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleetcompat-agent agent}: the plumbing of one real host (outbox, publisher, policy table,
 * heartbeats) until stopped by a signal. Exits 1 on a fatal Kafka failure (e.g. not authorized), after
 * which the outbox still holds every unsent event.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the agent of one host: heartbeats, policy table and the outbox publisher.")
public final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = AgentConfigFactory.fromSettings(ConfigOptions.settingsFrom(spec));
        return run(config, EventSource.IDLE);
    }

    /** Runs the host with {@code source} until a signal stops the JVM or a fatal Kafka failure occurs. */
    static int run(AgentConfig config, EventSource source) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AgentRuntime runtime = AgentRuntime.start(config, config.host().hostId());
        Thread hook = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.addHost(config.host(), source);
        LOG.info("Agent of host {} running ({} {})", config.host().hostId(), config.host().xenProfile(),
                config.host().fifoBuiltIn() ? "with FIFO" : "without FIFO");
        while (!stopped.await(HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
            if (runtime.fatalFailure().isPresent()) {
                System.err.println("fleetcompat-agent: stopping on a fatal Kafka failure: " + runtime.fatalFailure().get());
                Runtime.getRuntime().removeShutdownHook(hook);
                runtime.close();
                return 1;
            }
        }
        return 0;
    }
}
