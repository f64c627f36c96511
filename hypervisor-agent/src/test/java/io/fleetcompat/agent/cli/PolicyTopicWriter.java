package io.fleetcompat.agent.cli;

import io.fleetcompat.schema.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes raw values to fleet.policy as fleet-stream would (or as a broken writer would), one acked send at a time. */
final class PolicyTopicWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    PolicyTopicWriter(String bootstrap) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.POLICY.name(), key, value)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
