package io.fleetcompat.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.signing.PolicySigner;
import io.fleetcompat.schema.signing.SignatureCheck;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's throw-away key pair where its components look for it, and {@code fleet policy-keys}. */
class PolicyKeysTest {

    @TempDir
    Path runDir;

    @Test
    void shouldPutTheDemosKeysWhereFleetStreamAndTheSimulatorAreToldToLook() throws IOException {
        PolicyKeys.Pair pair = PolicyKeys.forDemo(runDir);
        ComponentCommands commands = bundled();

        List<String> stream = commands.command(Component.STREAM, demoValues("stream")).argv();
        List<String> simulate = commands.command(Component.SIMULATE, demoValues("simulate")).argv();

        assertThat(stream).contains("-Dfleet-stream.policy.signing.key-file=" + pair.privateKey().toAbsolutePath());
        assertThat(simulate).contains("--policy-trusted-keys=" + pair.publicKey().getParent().toAbsolutePath());
        // and what fleet-stream signs with that key, the simulator's agents verify
        PolicySigner signer = PolicySigner.load(pair.privateKey(), Optional.empty(), Optional.empty());
        PolicyDirective directive = signer.sign(denial());
        assertThat(TrustedPolicyKeys.load(List.of(pair.publicKey().getParent()))
                .check("instance:g1", SingleObjectCodec.standard().encode(directive)))
                .isEqualTo(new SignatureCheck.Verified(PolicyKeys.DEMO_KEY_ID));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.privateKey())))
                .isEqualTo("rw-------");
    }

    @Test
    void shouldKeepAnExistingPairAndRefuseHalfOfOne() throws IOException {
        Path privateDir = runDir.resolve("private");
        Path publicDir = runDir.resolve("public");
        PolicyKeys.Pair made = PolicyKeys.create("fleet-2026", privateDir, publicDir);
        String key = Files.readString(made.privateKey());

        PolicyKeys.Pair again = PolicyKeys.create("fleet-2026", privateDir, publicDir);

        assertThat(made.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(Files.readString(again.privateKey())).isEqualTo(key);
        Files.delete(made.publicKey());
        assertThatThrownBy(() -> PolicyKeys.create("fleet-2026", privateDir, publicDir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one half");
    }

    @Test
    void shouldMakeAPairFromTheCommandLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = FleetMain.run(new String[] {"policy-keys", "--key-id", "fleet-2026", "--private-dir",
                runDir.resolve("private").toString(), "--public-dir", runDir.resolve("public").toString()}, runDir,
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).as("stderr: %s", err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("made key pair 'fleet-2026'");
        assertThat(runDir.resolve("private/fleet-2026.pem")).exists();
        assertThat(runDir.resolve("public/fleet-2026.pem")).exists();
    }

    private CommandValues demoValues(String component) {
        return CommandValues.forDemo("127.0.0.1:9092", Optional.of(8081), runDir.resolve(component + "-state"),
                Optional.empty(), 7L, "http://127.0.0.1:8081", 60, 0.15, Optional.empty());
    }

    private ComponentCommands bundled() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ComponentCommands.class.getResourceAsStream(ComponentCommands.RESOURCE)) {
            properties.load(in);
        }
        return ComponentCommands.from(properties, runDir, "1.2.3", "/jdk/bin/java", "/launcher.jar");
    }

    private static PolicyDirective denial() {
        return PolicyDirective.newBuilder().setDirectiveId("d-1")
                .setTarget(new PolicyTarget(PolicyTargetKind.INSTANCE, "g1", null))
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "2-level image"))
                .setVersion(1).setMode(PolicyMode.ENFORCE).setIssuedAt(Instant.parse("2026-11-01T00:00:00Z")).build();
    }
}
