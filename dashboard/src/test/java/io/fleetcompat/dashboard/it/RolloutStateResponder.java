package io.fleetcompat.dashboard.it;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST FIXTURE standing in for fleet-stream's rollout state machine, which owns fleet.rollouts but is not
 * finished yet: it reads operator commands from fleet.commands and publishes the next RolloutState of the
 * rollouts it was given, as the stream would. Replace with the real topology once it is available.
 */
public final class RolloutStateResponder implements AutoCloseable {

    private final Map<String, RolloutState> rollouts = new ConcurrentHashMap<>();
    private final FleetProducer producer;
    private final CommandLog commands;

    public RolloutStateResponder(String bootstrapServers, RolloutState... initial) {
        for (RolloutState state : initial) {
            rollouts.put(state.getRolloutId(), state);
        }
        this.producer = new FleetProducer(bootstrapServers);
        this.commands = new CommandLog(bootstrapServers, written -> respond(written.command()));
    }

    public CommandLog commands() {
        return commands;
    }

    private void respond(OperatorCommand command) {
        RolloutState current = command.getRolloutId() == null ? null : rollouts.get(command.getRolloutId());
        if (current == null) {
            return;
        }
        // The all-fields constructor, not newBuilder(current): the builder's deep copy trips over the test's
        // and Quarkus' class loaders holding different copies of Avro.
        RolloutState next = new RolloutState(current.getRolloutId(), current.getTarget(), current.getPolicyVersion(),
                current.getControls(), nextPhase(current.getPhase(), command), current.getCurrentWave(),
                current.getWaves(), command.getCommandId(), Instant.now());
        rollouts.put(next.getRolloutId(), next);
        producer.send(Topics.ROLLOUTS, next.getRolloutId(), next);
    }

    private static RolloutPhase nextPhase(RolloutPhase phase, OperatorCommand command) {
        return switch (command.getAction()) {
            case APPROVE, RESUME -> RolloutPhase.RUNNING;
            case PAUSE -> RolloutPhase.PAUSED;
            case ABORT -> RolloutPhase.ABORTED;
            case ROLLBACK -> RolloutPhase.ROLLED_BACK;
            default -> phase;
        };
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        producer.close();
    }
}
