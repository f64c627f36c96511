package io.fleetcompat.rules.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * What one input did (KRaft's {@code ControllerResult} shape): the next state, whether it differs from the state
 * given (the caller stores it only then), what happened to the input, and the outputs, in the order to emit them.
 */
public record StepResult<S>(S state, boolean stateChanged, Disposition disposition, List<GuestOutput> outputs) {

    /** What became of the input. */
    public enum Disposition {
        /** Folded (an event) or applied (a command, a family denial, a sweep decision). */
        APPLIED,
        /** An outbox replay of an event already folded: dropped and counted. */
        DUPLICATE,
        /** Invalid: its {@link GuestOutput.Rejected} says why. */
        REJECTED,
        /** It waits for its host's first HostStatus (or behind the guest's events that do). */
        PARKED,
        /** Nothing to do: a command seen before, a guest with nothing to decide. */
        IGNORED
    }

    public StepResult {
        outputs = List.copyOf(outputs);
    }

    public static <S> StepResult<S> applied(S state, List<GuestOutput> outputs) {
        return new StepResult<>(state, true, Disposition.APPLIED, outputs);
    }

    public static <S> StepResult<S> unchanged(S state, Disposition disposition, List<GuestOutput> outputs) {
        return new StepResult<>(state, false, disposition, outputs);
    }

    public static <S> StepResult<S> rejected(S state, String reason) {
        return unchanged(state, Disposition.REJECTED, List.of(new GuestOutput.Rejected(reason)));
    }

    /** The outputs of one kind, in order. */
    public <T extends GuestOutput> List<T> outputs(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (GuestOutput o : outputs) {
            if (kind.isInstance(o)) {
                out.add(kind.cast(o));
            }
        }
        return out;
    }
}
