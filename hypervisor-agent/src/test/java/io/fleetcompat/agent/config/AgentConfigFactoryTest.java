package io.fleetcompat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.EdgeFailsafeModes;
import io.fleetcompat.agent.outbox.FsyncPolicy;
import io.fleetcompat.agent.policy.PolicyVerification;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.schema.signing.PolicyKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFactoryTest {

    private static Map<String, String> valid() {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
        settings.put("host.id", "host-17");
        // Signatures are covered by their own tests below; these are about the other settings.
        settings.put("policy.verify", "OFF");
        return settings;
    }

    @Test
    void shouldApplyDefaultsAndPassKafkaSettingsThrough() {
        Map<String, String> settings = valid();
        settings.put("kafka.security.protocol", "SASL_SSL");
        settings.put("outbox.max.bytes", "64m");
        settings.put("outbox.fsync.policy", "every_n");
        settings.put("outbox.fsync.every.n", "10");

        AgentConfig config = AgentConfigFactory.fromSettings(settings);

        assertThat(config.host().hostId()).isEqualTo("host-17");
        assertThat(config.host().xenProfile()).isEqualTo(XenProfile.PROPOSED);
        assertThat(config.host().fifoBuiltIn()).isTrue();
        assertThat(config.outbox().maxBytes()).isEqualTo(64L << 20);
        assertThat(config.outbox().fsync()).isEqualTo(FsyncPolicy.everyN(10));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.kafkaProperties()).containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "bootstrap.servers       | kafka-1               | expected comma-separated host:port pairs",
            "host.id                 | '   '                 | required",
            "xen.profile             | UNKNOWN               | expected one of LEGACY_2L",
            "xen.profile             | XEN_9                 | expected one of LEGACY_2L",
            "fifo.built.in           | yes                   | expected true or false",
            "outbox.max.bytes        | lots                  | expected a size in bytes",
            "outbox.max.bytes        | 1k                    | expected at least",
            "outbox.segment.bytes    | 12                    | expected at least 1024",
            "outbox.fsync.policy     | SOMETIMES             | expected ALWAYS, EVERY_N or INTERVAL",
            "outbox.fsync.interval.ms| 0                     | expected a positive number of milliseconds",
            "heartbeat.interval.ms   | soon                  | expected a whole number",
            "hypercall.sample.rate   | 1.5                   | expected a number between 0 and 1",
            "hypercall.sample.seed   | x                     | expected a whole number",
            "kafka.enable.idempotence| false                 | the agent sets enable.idempotence itself",
            "kafka.acks              | 1                     | the agent sets acks itself",
            "outbox.maxbytes         | 10                    | unknown setting",
            "policy.verify           | SOMETIMES             | expected REQUIRED or OFF",
    })
    void shouldNameTheKeyAndValueOfABadSetting(String key, String value, String expectation) {
        Map<String, String> settings = valid();
        settings.put(key, value);

        assertThatThrownBy(() -> AgentConfigFactory.fromSettings(settings))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(key)
                .hasMessageContaining(expectation)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldCheckEveryNOnlyWithTheEveryNPolicy() {
        Map<String, String> settings = valid();
        settings.put("outbox.fsync.policy", "EVERY_N");
        settings.put("outbox.fsync.every.n", "0");

        assertThatThrownBy(() -> AgentConfigFactory.fromSettings(settings))
                .hasMessage("Invalid value '0' for outbox.fsync.every.n: expected a positive number of appends");
    }

    @Test
    void shouldNameARequiredKeyThatIsMissing() {
        assertThatThrownBy(() -> AgentConfigFactory.fromSettings(Map.of("host.id", "h")))
                .hasMessageStartingWith("Missing value for bootstrap.servers: required (--bootstrap-servers)");
    }

    @Test
    void shouldEnforceTheEdgeFailsafeByDefaultAndTakePerFamilyOverrides() {
        Map<String, String> settings = valid();
        assertThat(AgentConfigFactory.fromSettings(settings).edgeFailsafe()).isEqualTo(EdgeFailsafeModes.DEFAULTS);

        settings.put("edge.failsafe.mode", "advise");
        settings.put("edge.failsafe.families", "linux-5.10=ENFORCE, linux-3.10=off");
        EdgeFailsafeModes modes = AgentConfigFactory.fromSettings(settings).edgeFailsafe();

        assertThat(modes.modeFor("g", "linux-5.10")).isEqualTo(EdgeFailsafe.Mode.ENFORCE);
        assertThat(modes.modeFor("g", "linux-3.10")).isEqualTo(EdgeFailsafe.Mode.OFF);
        assertThat(modes.modeFor("g", "linux-6.1")).isEqualTo(EdgeFailsafe.Mode.ADVISE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "edge.failsafe.mode|sometimes|expected ENFORCE, ADVISE, OBSERVE or OFF",
            "edge.failsafe.families|linux-5.10|expected distinct FAMILY=MODE pairs",
            "edge.failsafe.families|linux-5.10=ON|expected distinct FAMILY=MODE pairs",
            "edge.failsafe.families|linux-5.10=OFF,linux-5.10=ENFORCE|expected distinct FAMILY=MODE pairs"})
    void shouldNameTheEdgeFailsafeKeyOfABadValue(String key, String value, String expectation) {
        Map<String, String> settings = valid();
        settings.put(key, value);

        assertThatThrownBy(() -> AgentConfigFactory.fromSettings(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(expectation);
    }

    @Test
    void shouldRequireTrustedPolicyKeysUnlessVerificationIsOff() {
        Map<String, String> settings = valid();
        settings.remove("policy.verify");

        assertThatThrownBy(() -> AgentConfigFactory.fromSettings(settings))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("policy.trusted.keys"))
                .hasMessageStartingWith("Missing value for policy.trusted.keys: required while policy.verify is REQUIRED");
        settings.put("policy.verify", "off");
        assertThat(AgentConfigFactory.fromSettings(settings).policyVerification().isRequired()).isFalse();
    }

    @Test
    void shouldTrustEveryKeyOfTheGivenFilesAndDirectories(@TempDir Path dir) throws Exception {
        Path rotation = Files.createDirectories(dir.resolve("trusted"));
        PolicyKeyFiles.writePublicKey(rotation.resolve("fleet-2026.pem"), PolicyKeyFiles.generate().getPublic());
        PolicyKeyFiles.writePublicKey(rotation.resolve("fleet-2027.pem"), PolicyKeyFiles.generate().getPublic());
        Path single = dir.resolve("emergency.pub");
        PolicyKeyFiles.writePublicKey(single, PolicyKeyFiles.generate().getPublic());
        Map<String, String> settings = valid();
        settings.remove("policy.verify");
        settings.put("policy.trusted.keys", rotation + ", " + single);

        PolicyVerification verification = AgentConfigFactory.fromSettings(settings).policyVerification();

        assertThat(verification.isRequired()).isTrue();
        assertThat(verification).hasToString("REQUIRED, trusting [emergency, fleet-2026, fleet-2027]");
    }

    @Test
    void shouldNameTheSettingAndTheFileOfAnUnusableKey(@TempDir Path dir) throws Exception {
        Path notAKey = Files.writeString(dir.resolve("fleet-2026.pem"), "not a key");
        Map<String, String> settings = valid();
        settings.remove("policy.verify");
        settings.put("policy.trusted.keys", notAKey.toString());

        assertThatThrownBy(() -> AgentConfigFactory.fromSettings(settings))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("policy.trusted.keys"))
                .hasMessageContaining(notAKey.toString()).hasMessageContaining("neither a PUBLIC KEY nor a CERTIFICATE")
                .hasMessageNotContaining("\n");
    }
}
