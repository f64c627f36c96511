package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.rollout.RolloutSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.stream.topology.FamilyInput;
import io.fleetcompat.rules.rollout.RolloutCommand;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.stream.support.TestPolicyKeys;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class FleetTopologyTest {

    private final TopologyDescription description = FleetTopology.build(FleetStreamConfig.defaults(), TestPolicyKeys.SIGNER).describe();

    @Test
    void shouldNameEveryStoreRepartitionAndStatefulProcessor() {
        String text = description.toString();

        assertThat(text).contains(Names.GUEST_STATE_STORE, Names.FAMILY_STATE_STORE, Names.KNOWN_HOSTS_STORE,
                Names.GUEST_COMMANDS_REPARTITION + "-repartition", Names.FAMILY_INPUTS_REPARTITION + "-repartition",
                Names.GUEST_PROCESSOR, Names.FAMILY_PROCESSOR, Names.DECODE_EVENTS, Names.DECODE_COMMANDS);
        // Generated names (KSTREAM-..., KTABLE-...) shift when the topology changes; none may remain.
        assertThat(text).doesNotContain("KSTREAM-", "KTABLE-");
        assertThat(description.globalStores()).hasSize(1);
    }

    @Test
    void shouldRoundTripFamilyInputsThroughTheRepartitionSerde() {
        JsonSerde<FamilyInput> serde = new JsonSerde<>(FamilyInput.class);
        FamilyInput command = new FamilyInput.Command(
                new RolloutCommand("c", OperatorAction.START, null, "family:f@PROPOSED", ControlSetting.DENY,
                        ControlSetting.PERMIT, DirectiveScope.ALL_CREATES, "alice", "why", 5));

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", command))).isEqualTo(command);
    }

    @Test
    void shouldRejectWaveFractionsThatDoNotEndAtTheWholeFleet() {
        assertThatThrownBy(() -> FleetStreamConfig.defaults().withRollout(List.of(0.1, 0.5), 5,
                RolloutSettings.GateFailureAction.PAUSE)).hasMessageContaining("fleet-stream.rollout.wave-fractions");
    }
}
