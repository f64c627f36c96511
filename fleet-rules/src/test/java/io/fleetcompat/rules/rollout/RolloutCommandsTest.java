package io.fleetcompat.rules.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator commands a rollout accepts are exactly those its published allowed_actions list. */
class RolloutCommandsTest {

    private static final String FAMILY_KEY = "family:linux-5.10@PROPOSED";
    private final RolloutStateMachine machine = new RolloutStateMachine(new RolloutSettings(PolicyMode.ENFORCE, false,
            List.of(0.5, 1.0), 2, 0.0, 2, 0.05, RolloutSettings.GateFailureAction.PAUSE, 1, Duration.ofHours(1),
            Duration.ofMinutes(10), 10, DirectiveScope.RESUMES_OF_2L_IMAGES, Duration.ZERO,
            RolloutSettings.InsufficientData.PASS));

    private static FamilyState inPhase(RolloutPhase phase) {
        Rollout r = new Rollout(RolloutIds.of(FAMILY_KEY, 1), FAMILY_KEY, "linux-5.10", XenProfile.PROPOSED,
                PolicyMode.ENFORCE, phase, phase == RolloutPhase.AWAITING_APPROVAL ? null : 0,
                List.of(WaveProgress.pending(0, 0.5).started(1, 0, 0), WaveProgress.pending(1, 1.0)), 1,
                ControlSetting.DENY, ControlSetting.UNSET, 0, 0,
                List.of(), null, List.of(), 0, 0, RolloutSpec.denyFifo(DirectiveScope.RESUMES_OF_2L_IMAGES),
                ControlSetting.UNSET, ControlSetting.UNSET, null);
        return FamilyState.empty(FAMILY_KEY).opened(r);
    }

    @Test
    void shouldAcceptExactlyTheActionsItPublishesInEveryPhase() {
        List<OperatorAction> rolloutActions = List.of(OperatorAction.APPROVE, OperatorAction.PAUSE,
                OperatorAction.RESUME, OperatorAction.ABORT, OperatorAction.ROLLBACK, OperatorAction.RETRY);
        for (RolloutPhase phase : RolloutPhase.values()) {
            FamilyState state = inPhase(phase);
            List<OperatorAction> accepted = new ArrayList<>();
            for (OperatorAction action : rolloutActions) {
                RolloutStep step = machine.onCommand(state, new RolloutCommand("c-" + action, action,
                        RolloutIds.of(FAMILY_KEY, 1), null, null, null, null, "alice", "test", 1_000), 1_000);
                if (step.audits().get(0).getAction() == AuditAction.COMMAND_ACCEPTED) {
                    accepted.add(action);
                }
            }
            assertThat(accepted).as("phase " + phase).isEqualTo(RolloutCommands.allowed(state.rollout()));
            assertThat(RolloutRecords.state(state.rollout(), 2).getAllowedActions()).as("published in " + phase)
                    .isEqualTo(accepted);
        }
    }
}
