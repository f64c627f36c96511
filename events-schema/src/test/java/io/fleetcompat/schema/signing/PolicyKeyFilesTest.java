package io.fleetcompat.schema.signing;

import static io.fleetcompat.schema.signing.SigningFixtures.KEY;
import static io.fleetcompat.schema.signing.SigningFixtures.denial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.SingleObjectCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy keys on disk: the PEM files openssl and this module write, JDK keystores, trusted-key directories. */
class PolicyKeyFilesTest {

    /** RFC 8032's TEST 1 key as {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} print it. */
    private static final String OPENSSL_PRIVATE = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;
    private static final String OPENSSL_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
            -----END PUBLIC KEY-----
            """;

    @TempDir
    Path dir;

    @Test
    void shouldReadTheKeysOpensslWrites() throws IOException {
        Path privateKey = Files.writeString(dir.resolve("fleet-2026.key"), OPENSSL_PRIVATE);
        Path publicKey = Files.writeString(dir.resolve("fleet-2026.pem"), OPENSSL_PUBLIC);

        PolicySigner signer = PolicySigner.load(privateKey, Optional.empty(), Optional.empty());

        assertThat(signer.keyId()).isEqualTo("fleet-2026");
        assertThat(PolicyKeyFiles.readPublicKey(publicKey)).isEqualTo(SigningFixtures.rfc8032PublicKey());
        assertThat(TrustedPolicyKeys.load(List.of(publicKey))
                .check(KEY, SingleObjectCodec.standard().encode(signer.sign(denial(3)))))
                .isEqualTo(new SignatureCheck.Verified("fleet-2026"));
    }

    @Test
    void shouldWriteAPrivateKeyOnlyItsOwnerCanRead() throws IOException {
        KeyPair keys = PolicyKeyFiles.generate();
        Path privateKey = dir.resolve("demo.key");
        PolicyKeyFiles.writePrivateKey(privateKey, keys.getPrivate());
        PolicyKeyFiles.writePublicKey(dir.resolve("demo.pem"), keys.getPublic());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        assertThat(PolicyKeyFiles.readPrivateKey(privateKey, "demo", Optional.empty())).isEqualTo(keys.getPrivate());
        assertThat(PolicyKeyFiles.readPublicKey(dir.resolve("demo.pem"))).isEqualTo(keys.getPublic());
    }

    @Test
    void shouldSignWithAKeytoolKeystoreAndVerifyWithItsExportedCertificate() throws Exception {
        // Given the JDK-only route of deploy/README.md: keytool makes the key pair and exports the certificate
        Path store = dir.resolve("policy-signing.p12");
        Path password = Files.writeString(dir.resolve("store-password"), "change-it-now\n");
        keytool("-genkeypair", "-keyalg", "Ed25519", "-alias", "fleet-2026", "-dname", "CN=fleet-stream policy",
                "-validity", "3650", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass:file", password.toString());
        Path certificate = dir.resolve("trusted").resolve("fleet-2026.crt");
        Files.createDirectories(certificate.getParent());
        keytool("-exportcert", "-rfc", "-alias", "fleet-2026", "-keystore", store.toString(),
                "-storepass:file", password.toString(), "-file", certificate.toString());

        // When fleet-stream signs with the keystore entry
        PolicySigner signer = PolicySigner.load(store, Optional.of("fleet-2026"), Optional.of(password));

        // Then an agent trusting the certificate's directory verifies it
        assertThat(TrustedPolicyKeys.load(List.of(certificate.getParent()))
                .check(KEY, SingleObjectCodec.standard().encode(signer.sign(denial(3)))))
                .isEqualTo(new SignatureCheck.Verified("fleet-2026"));
        assertThatThrownBy(() -> PolicySigner.load(store, Optional.of("fleet-2027"), Optional.of(password)))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("no private key entry 'fleet-2027'");
        assertThatThrownBy(() -> PolicySigner.load(store, Optional.of("fleet-2026"), Optional.empty()))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("password file");
    }

    @Test
    void shouldReadADirectoryAsKubernetesMountsASecret() throws IOException {
        // ..data and the timestamped folder are Kubernetes' internals; README.txt is no key file
        Path mount = Files.createDirectories(dir.resolve("trusted"));
        Files.createDirectories(mount.resolve("..2026_11_01_00_00_00.1"));
        Files.writeString(mount.resolve(".hidden.pem"), "not a key");
        Files.writeString(mount.resolve("README.txt"), "the agents' trusted policy keys");
        PolicyKeyFiles.writePublicKey(mount.resolve("fleet-2026.pem"), PolicyKeyFiles.generate().getPublic());
        PolicyKeyFiles.writePublicKey(mount.resolve("fleet-2027.pub"), PolicyKeyFiles.generate().getPublic());

        assertThat(TrustedPolicyKeys.load(List.of(mount)).keyIds()).containsExactly("fleet-2026", "fleet-2027");
    }

    @Test
    void shouldRefuseTwoFilesWithOneKeyId() throws IOException {
        Path first = Files.createDirectories(dir.resolve("a")).resolve("fleet-2026.pem");
        Path second = Files.createDirectories(dir.resolve("b")).resolve("fleet-2026.pub");
        PolicyKeyFiles.writePublicKey(first, PolicyKeyFiles.generate().getPublic());
        PolicyKeyFiles.writePublicKey(second, PolicyKeyFiles.generate().getPublic());

        assertThatThrownBy(() -> TrustedPolicyKeys.load(List.of(first, second)))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(second.toString()).hasMessageContaining("'fleet-2026'");
    }

    @Test
    void shouldNameTheFileOfAKeyThatIsNotEd25519OrNotAKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaKey = dir.resolve("rsa.pem");
        PolicyKeyFiles.writePublicKey(rsaKey, rsa.generateKeyPair().getPublic());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path badName = Files.writeString(dir.resolve("-dash.pem"), OPENSSL_PUBLIC);

        assertThatThrownBy(() -> TrustedPolicyKeys.load(List.of(rsaKey))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(rsaKey.toString()).hasMessageContaining("not an Ed25519");
        assertThatThrownBy(() -> TrustedPolicyKeys.load(List.of(garbage))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(garbage.toString()).hasMessageContaining("neither a PUBLIC KEY nor a CERTIFICATE");
        assertThatThrownBy(() -> TrustedPolicyKeys.load(List.of(empty))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("holds no public key file");
        assertThatThrownBy(() -> TrustedPolicyKeys.load(List.of(badName))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> TrustedPolicyKeys.load(List.of(dir.resolve("missing.pem"))))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("cannot be read");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
