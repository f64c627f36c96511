package io.fleetcompat.dashboard.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.dashboard.fixtures.DefaultDashboardConfig;
import io.fleetcompat.dashboard.fixtures.FleetRecords;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.schema.Topics;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FeedRouterTest {

    private final FleetViews views = new FleetViews(new DefaultDashboardConfig(), Clock.systemUTC());
    private final FeedRouter router = new FeedRouter(views);

    @Test
    void shouldCountAnUndecodableRecordAndKeepGoing() {
        router.route(new ConsumerRecord<>("fleet.events", 2, 17L, "guest-1", new byte[] {0x01, 0x02}));
        byte[] heartbeat = Topics.HOSTS.valueSerde().serializer()
                .serialize("fleet.hosts", FleetRecords.hostStatus("host-1", Instant.now(), 1));
        router.route(new ConsumerRecord<>("fleet.hosts", 0, 0L, "host-1", heartbeat));

        var deadLetters = views.deadLetters().view();
        assertThat(deadLetters.dashboardDecodeFailures()).isEqualTo(1);
        assertThat(deadLetters.total()).isZero();
        assertThat(deadLetters.sample().get(0).sourceTopic()).isEqualTo("fleet.events");
        assertThat(deadLetters.sample().get(0).sourceOffset()).isEqualTo(17L);
        assertThat(deadLetters.sample().get(0).errorKind()).isEqualTo("NOT_SINGLE_OBJECT");
        assertThat(views.hosts().size()).isEqualTo(1);
    }

    @Test
    void shouldRejectARecordOfTheWrongTypeForItsTopic() {
        byte[] heartbeatOnEvents = Topics.HOSTS.valueSerde().serializer()
                .serialize("fleet.hosts", FleetRecords.hostStatus("host-1", Instant.now(), 1));
        router.route(new ConsumerRecord<>("fleet.events", 0, 3L, "guest-1", heartbeatOnEvents));

        assertThat(views.deadLetters().view().sample().get(0).errorKind()).isEqualTo("UNEXPECTED_TYPE");
        assertThat(views.eventsTotal()).isZero();
    }

    @Test
    void shouldRemoveAHostOnATombstone() {
        byte[] heartbeat = Topics.HOSTS.valueSerde().serializer()
                .serialize("fleet.hosts", FleetRecords.hostStatus("host-1", Instant.now(), 1));
        router.route(new ConsumerRecord<>("fleet.hosts", 0, 0L, "host-1", heartbeat));
        router.route(new ConsumerRecord<>("fleet.hosts", 0, 1L, "host-1", null));

        assertThat(views.hosts().size()).isZero();
        assertThat(views.deadLetters().view().dashboardDecodeFailures()).isZero();
    }
}
