package io.fleetcompat.dashboard.command;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Validates a request and builds the OperatorCommand, with a fresh command id and the authenticated actor. */
public final class CommandFactory {

    public static final Set<OperatorAction> ROLLOUT_ACTIONS = EnumSet.of(OperatorAction.APPROVE,
            OperatorAction.PAUSE, OperatorAction.RESUME, OperatorAction.ABORT, OperatorAction.ROLLBACK);
    public static final Set<OperatorAction> GUEST_ACTIONS = EnumSet.of(OperatorAction.PIN, OperatorAction.UNPIN);
    static final int MAX_REASON_LENGTH = 500;

    private final Clock clock;

    public CommandFactory(Clock clock) {
        this.clock = clock;
    }

    public OperatorCommand forRollout(String rolloutId, CommandRequest request, String actor) {
        OperatorAction action = action(request, ROLLOUT_ACTIONS, "a rollout");
        if (request.evtchnFifo() != null || request.evtchnUpcall() != null) {
            throw new InvalidCommandException("evtchnFifo/evtchnUpcall apply only to PIN; " + action
                    + " takes an action and a reason");
        }
        return base(action, request, actor).setRolloutId(rolloutId).build();
    }

    public OperatorCommand forGuest(String instanceId, CommandRequest request, String actor) {
        OperatorAction action = action(request, GUEST_ACTIONS, "a guest");
        OperatorCommand.Builder command = base(action, request, actor).setInstanceId(instanceId);
        if (action == OperatorAction.PIN) {
            if (request.evtchnFifo() == null) {
                throw new InvalidCommandException("PIN needs evtchnFifo (one of " + names(ControlSetting.values())
                        + ")");
            }
            command.setPinControls(new EvtchnControls(setting("evtchnFifo", request.evtchnFifo()),
                    request.evtchnUpcall() == null ? ControlSetting.UNSET
                            : setting("evtchnUpcall", request.evtchnUpcall())));
        } else if (request.evtchnFifo() != null || request.evtchnUpcall() != null) {
            throw new InvalidCommandException("UNPIN lifts the pin; it takes no evtchnFifo/evtchnUpcall");
        }
        return command.build();
    }

    private OperatorCommand.Builder base(OperatorAction action, CommandRequest request, String actor) {
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty()) {
            throw new InvalidCommandException("reason is required: say why you " + action.name().toLowerCase(Locale.ROOT));
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidCommandException("reason is " + reason.length() + " characters; at most "
                    + MAX_REASON_LENGTH + " are kept");
        }
        return OperatorCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setAction(action)
                .setRolloutId(null)
                .setInstanceId(null)
                .setPinControls(null)
                .setActor(actor)
                .setReason(reason)
                .setIssuedAt(clock.instant());
    }

    private static OperatorAction action(CommandRequest request, Set<OperatorAction> allowed, String targetKind) {
        if (request == null) {
            throw new InvalidCommandException("request body is required: {\"action\": ..., \"reason\": ...}");
        }
        if (request.action() == null || request.action().isBlank()) {
            throw new InvalidCommandException("action is required: one of " + names(allowed) + " for " + targetKind);
        }
        OperatorAction action = Arrays.stream(OperatorAction.values())
                .filter(a -> a.name().equalsIgnoreCase(request.action().strip()))
                .findFirst().orElse(null);
        if (action == null || !allowed.contains(action)) {
            throw new InvalidCommandException("action '" + request.action() + "' is not valid for " + targetKind
                    + ": use one of " + names(allowed));
        }
        return action;
    }

    private static ControlSetting setting(String field, String value) {
        return Arrays.stream(ControlSetting.values())
                .filter(s -> s.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidCommandException(field + " '" + value + "' is not one of "
                        + names(ControlSetting.values())));
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static String names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
