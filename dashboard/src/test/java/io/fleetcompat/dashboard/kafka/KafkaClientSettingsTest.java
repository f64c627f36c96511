package io.fleetcompat.dashboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @Test
    void shouldPassEveryKafkaSettingToTheClientsWithoutThePrefix() {
        // Given a cluster that needs SASL over TLS, and settings that are not Kafka's
        Map<String, String> settings = KafkaClientSettings.withoutPrefix(Map.of(
                "kafka.bootstrap.servers", "broker-1:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka-streams.commit.interval.ms", "100",
                "quarkus.http.port", "8081"));

        // When the dashboard builds a client's properties
        KafkaClientSettings kafka = new KafkaClientSettings(settings);

        // Then every kafka.* setting is there, unprefixed, and nothing else
        assertThat(kafka.forClient()).containsOnly(
                Map.entry("bootstrap.servers", "broker-1:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(kafka.bootstrapServers()).isEqualTo("broker-1:9093");
    }

    @Test
    void shouldGiveEachClientItsOwnCopy() {
        KafkaClientSettings kafka = new KafkaClientSettings(Map.of("bootstrap.servers", "b:9092"));

        kafka.forClient().put("client.id", "one");

        assertThat(kafka.forClient()).doesNotContainKey("client.id");
    }

    @Test
    void shouldRefuseToStartWithoutBootstrapServers() {
        assertThatThrownBy(() -> new KafkaClientSettings(Map.of("security.protocol", "SSL")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.bootstrap.servers is not set");
    }

    @Test
    void shouldReportNotReadyWhenNoBrokerAnswers() {
        // Given a bootstrap address where nothing listens (port 1 on loopback)
        BrokerHealthCheck check = new BrokerHealthCheck(new KafkaClientSettings(Map.of("bootstrap.servers",
                "127.0.0.1:1")));
        try {
            // When readiness is asked
            HealthCheckResponse response = check.call();

            // Then it is down, and says why
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data).containsKey("error"));
        } finally {
            check.close();
        }
    }
}
