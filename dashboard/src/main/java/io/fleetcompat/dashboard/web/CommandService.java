package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.command.CommandFactory;
import io.fleetcompat.dashboard.command.CommandPublisher;
import io.fleetcompat.dashboard.command.CommandReceipt;
import io.fleetcompat.dashboard.command.CommandRequest;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.view.PolicyView;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks that the target exists, validates the request and writes the command with the authenticated user
 * as its actor. The command on fleet.commands is the record of the action; the log line is for operators
 * of the dashboard itself.
 */
@ApplicationScoped
public class CommandService {

    private static final Logger LOG = Logger.getLogger(CommandService.class);

    private final FleetViews views;
    private final CommandPublisher publisher;
    private final CommandFactory factory;

    public CommandService(FleetViews views, CommandPublisher publisher, Clock clock) {
        this.views = views;
        this.publisher = publisher;
        this.factory = new CommandFactory(clock);
    }

    public CommandReceipt onRollout(String rolloutId, CommandRequest request, SecurityIdentity who) {
        if (views.rollouts().find(rolloutId).isEmpty()) {
            throw new UnknownTargetException("unknown rollout '" + rolloutId + "': fleet.rollouts has no state for it");
        }
        return send(rolloutId, factory.forRollout(rolloutId, request, actor(who)));
    }

    /** START of a rollout for a family: keyed by its family key (fleet-stream decides whether one may start). */
    public CommandReceipt onFamily(String familyKey, CommandRequest request, SecurityIdentity who) {
        return send(familyKey, factory.forFamily(familyKey, request, actor(who)));
    }

    public CommandReceipt onGuest(String instanceId, CommandRequest request, SecurityIdentity who) {
        if (!GuestLookup.known(views, instanceId)) {
            throw new UnknownTargetException(GuestLookup.unknownMessage(instanceId));
        }
        OperatorCommand command = factory.forGuest(instanceId, request, actor(who));
        if (command.getAction() == OperatorAction.UNPIN) {
            refuseUnlessPinned(instanceId);
        }
        return send(instanceId, command);
    }

    private void refuseUnlessPinned(String instanceId) {
        Optional<PolicyView> policy = views.policies().forInstance(instanceId);
        if (policy.isEmpty()) {
            throw new GuestNotPinnedException("guest '" + instanceId + "' is not pinned: it has no instance-level "
                    + "policy, so there is nothing to unpin");
        }
        if (!policy.get().pinned()) {
            throw new GuestNotPinnedException("guest '" + instanceId + "' is not pinned: its policy v"
                    + policy.get().version() + " is " + policy.get().reasonCode() + ", not an operator pin; "
                    + "only an operator pin can be unpinned");
        }
    }

    private CommandReceipt send(String key, OperatorCommand command) {
        CommandReceipt receipt = publisher.publish(key, command);
        LOG.infof("operator action %s on %s by %s (command %s): %s", command.getAction(), key, command.getActor(),
                command.getCommandId(), command.getReason());
        return receipt;
    }

    private static String actor(SecurityIdentity who) {
        return who.getPrincipal().getName();
    }
}
