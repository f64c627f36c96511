package io.fleetcompat.stream.bench;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Synthetic agent traffic: 20 hosts (a quarter pre-4.4), guests cycling through fresh boot, boot,
 * hibernate and destroy; guests born on legacy hosts hibernate 2-level images, so hazards and instance
 * denials (and family escalations) happen along the way, as in a retirement wave.
 */
final class SyntheticFleet {

    private SyntheticFleet() {
    }

    static long produce(String bootstrap, int events, int guests) throws Exception {
        SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
        List<SimHost> hosts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hosts.add(new SimHost("bench-host-" + i, i % 4 == 0 ? XenProfile.LEGACY_2L : XenProfile.PROPOSED, true,
                    clock));
        }
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                Topics.EVENTS.keySerde().serializer(), Topics.EVENTS.valueSerde().serializer())) {
            for (SimHost host : hosts) {
                producer.send(new ProducerRecord<>(Topics.HOSTS.name(), host.id(), host.status()));
            }
            long sent = 0;
            int round = 0;
            while (sent < events) {
                for (int g = 0; g < guests && sent < events; g++) {
                    String guest = "bench-guest-" + g;
                    SimHost host = hosts.get((g + round) % hosts.size());
                    EvtchnAbi abi = host.profile() == XenProfile.LEGACY_2L ? EvtchnAbi.TWO_LEVEL : EvtchnAbi.FIFO;
                    int domid = round + 1;
                    for (SpecificRecord e : List.of(Events.freshBoot(host.next(), guest, domid),
                            Events.booted(host.next(), guest, domid, abi),
                            Events.hibernated(host.next(), guest, domid, abi),
                            Events.destroyed(host.next(), guest, domid, DestroyReason.HIBERNATED))) {
                        producer.send(new ProducerRecord<>(Topics.EVENTS.name(), guest, e));
                        sent++;
                    }
                }
                round++;
            }
            producer.flush();
            return sent;
        }
    }
}
