package io.fleetcompat.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortLayoutTest {

    @Test
    void shouldPlaceControllerPortsAfterBrokerPorts() {
        PortLayout layout = PortLayout.fixed(9092, 3);

        assertThat(layout.brokerPorts()).containsExactly(9092, 9093, 9094);
        assertThat(layout.controllerPorts()).containsExactly(9095, 9096, 9097);
    }

    @Test
    void shouldRejectPortsBeyondTheValidRange() {
        assertThatThrownBy(() -> PortLayout.fixed(65534, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPickDistinctFreePorts() {
        PortLayout layout = PortLayout.free(3);

        assertThat(layout.all()).doesNotHaveDuplicates().hasSize(6).allMatch(FreePorts::isFree);
    }

    @Test
    void shouldFindConsecutiveFreePorts() {
        int first = FreePorts.consecutive(4);

        List<Integer> range = IntStream.range(first, first + 4).boxed().toList();
        assertThat(range).allMatch(FreePorts::isFree);
    }
}
