package io.fleetcompat.dashboard.command;

import io.fleetcompat.rules.rollout.FamilyKey;
import io.fleetcompat.rules.rollout.RolloutSpec;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Validates a request and builds the OperatorCommand, with a fresh command id and the authenticated actor. */
public final class CommandFactory {

    public static final Set<OperatorAction> ROLLOUT_ACTIONS = EnumSet.of(OperatorAction.APPROVE,
            OperatorAction.PAUSE, OperatorAction.RESUME, OperatorAction.ABORT, OperatorAction.ROLLBACK,
            OperatorAction.RETRY);
    public static final Set<OperatorAction> GUEST_ACTIONS = EnumSet.of(OperatorAction.PIN, OperatorAction.UNPIN);
    public static final Set<OperatorAction> FAMILY_ACTIONS = EnumSet.of(OperatorAction.START);
    static final int MAX_REASON_LENGTH = 500;

    private final Clock clock;

    public CommandFactory(Clock clock) {
        this.clock = clock;
    }

    /** APPROVE, PAUSE, RESUME, ABORT, ROLLBACK, or RETRY (a new rollout with the settings of this ended one). */
    public OperatorCommand forRollout(String rolloutId, CommandRequest request, String actor) {
        OperatorAction action = action(request, ROLLOUT_ACTIONS, "a rollout");
        if (request.evtchnFifo() != null || request.evtchnUpcall() != null || request.pinExpiresAt() != null
                || request.scope() != null) {
            throw new InvalidCommandException("evtchnFifo/evtchnUpcall/pinExpiresAt apply only to PIN and "
                    + "evtchnFifo/evtchnUpcall/scope only to START; " + action + " takes an action and a reason");
        }
        return base(action, request, actor).setRolloutId(rolloutId).build();
    }

    public OperatorCommand forGuest(String instanceId, CommandRequest request, String actor) {
        OperatorAction action = action(request, GUEST_ACTIONS, "a guest");
        if (request.scope() != null) {
            throw new InvalidCommandException("scope applies only to START; a pin speaks for every create");
        }
        OperatorCommand.Builder command = base(action, request, actor).setInstanceId(instanceId);
        if (action == OperatorAction.PIN) {
            if (request.evtchnFifo() == null) {
                throw new InvalidCommandException("PIN needs evtchnFifo (one of " + names(ControlSetting.values())
                        + ")");
            }
            command.setPinControls(new EvtchnControls(setting("evtchnFifo", request.evtchnFifo()),
                    request.evtchnUpcall() == null ? ControlSetting.UNSET
                            : setting("evtchnUpcall", request.evtchnUpcall())));
            command.setPinExpiresAt(expiry(request.pinExpiresAt()));
        } else if (request.evtchnFifo() != null || request.evtchnUpcall() != null || request.pinExpiresAt() != null) {
            throw new InvalidCommandException("UNPIN lifts the pin; it takes no evtchnFifo/evtchnUpcall/pinExpiresAt");
        }
        return command.build();
    }

    /**
     * START of a rollout for a family. Both controls omitted: fleet-stream rolls out its default (deny
     * evtchn_fifo); one given: the other is UNSET. The scope omitted: fleet-stream's configured default.
     */
    public OperatorCommand forFamily(String familyKey, CommandRequest request, String actor) {
        OperatorAction action = action(request, FAMILY_ACTIONS, "a family");
        if (FamilyKey.parse(familyKey).isEmpty()) {
            throw new InvalidCommandException("family key '" + familyKey + "' is not family:<kernel_family>@"
                    + "<XEN_PROFILE> with a Xen profile of " + Arrays.stream(XenProfile.values())
                    .filter(p -> p != XenProfile.UNKNOWN).map(Enum::name).collect(Collectors.joining(", ")));
        }
        if (request.pinExpiresAt() != null) {
            throw new InvalidCommandException("pinExpiresAt applies only to PIN; a rollout ends by its waves, "
                    + "an abort or a rollback");
        }
        EvtchnControls controls = null;
        if (request.evtchnFifo() != null || request.evtchnUpcall() != null) {
            controls = new EvtchnControls(
                    request.evtchnFifo() == null ? ControlSetting.UNSET : setting("evtchnFifo", request.evtchnFifo()),
                    request.evtchnUpcall() == null ? ControlSetting.UNSET
                            : setting("evtchnUpcall", request.evtchnUpcall()));
            if (new RolloutSpec(controls.getEvtchnFifo(), controls.getEvtchnUpcall(), null).setsNothing()) {
                throw new InvalidCommandException("evtchnFifo and evtchnUpcall are both UNSET: the rollout would "
                        + "set no control; deny or permit at least one (or omit both for the default, deny evtchn_fifo)");
            }
        }
        return base(action, request, actor).setFamilyKey(familyKey).setRolloutControls(controls)
                .setRolloutScope(scope(request.scope())).build();
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
        // Every field set, none defaulted: a builder resolves an enum default through Avro's class loader.
        return OperatorCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setAction(action)
                .setRolloutId(null)
                .setInstanceId(null)
                .setFamilyKey(null)
                .setPinControls(null)
                .setRolloutControls(null)
                .setRolloutScope(null)
                .setPinExpiresAt(null)
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

    /** Null: the pin holds until an UNPIN. A time already past would lift the pin as it is issued. */
    private Instant expiry(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException("pinExpiresAt '" + value + "' is not an ISO-8601 instant such as "
                    + "2026-12-08T10:00:00Z");
        }
        if (!at.isAfter(clock.instant())) {
            throw new InvalidCommandException("pinExpiresAt " + at + " is not in the future (now " + clock.instant()
                    + "): the pin would lift as it is issued");
        }
        return at;
    }

    private static DirectiveScope scope(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return RolloutSpec.FAMILY_SCOPES.stream().filter(s -> s.name().equalsIgnoreCase(value.strip())).findFirst()
                .orElseThrow(() -> new InvalidCommandException("scope '" + value + "' is not one of "
                        + names(RolloutSpec.FAMILY_SCOPES) + " (a family rollout speaks for all creates or for the resumes "
                        + "of 2-level images)"));
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
