package io.fleetcompat.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCredentialsGuardTest {

    private static final String OWN_KEY = "an-operators-own-session-key-of-40-characters";
    private static final String PACKAGED_KEY = "fleetcompat-demo-only-session-key-change-me";

    @TempDir
    Path dir;

    @Test
    void shouldNameTheSessionKeySettingWhileThePackagedKeyIsInForce() {
        Optional<String> problem = DemoCredentialsGuard.problem(Optional.of(PACKAGED_KEY), "users.properties");

        assertThat(problem).hasValueSatisfying(line -> assertThat(line)
                .startsWith("fleetcompat dashboard: refusing to start outside the demo profile: ")
                .contains("quarkus.http.auth.session.encryption-key is the packaged demo key")
                .doesNotContain("\n"));
    }

    @Test
    void shouldNameTheUsersSettingWhileThePackagedUsersAreInForce() {
        Optional<String> problem = DemoCredentialsGuard.problem(Optional.of(OWN_KEY), "users.properties");

        assertThat(problem).hasValueSatisfying(line -> assertThat(line)
                .contains("quarkus.security.users.file.users (users.properties) gives the packaged demo users "
                        + "operator, viewer their demo passwords")
                .doesNotContain("\n"));
    }

    @Test
    void shouldFindADemoPasswordCopiedIntoTheOperatorsOwnFile() throws IOException {
        Path users = Files.writeString(dir.resolve("users.properties"),
                "alice=0123456789abcdef0123456789abcdef\noperator=1dc1c30153f9efa4e874e5af68627f72\n");

        assertThat(DemoCredentialsGuard.problem(Optional.of(OWN_KEY), users.toString()))
                .hasValueSatisfying(line -> assertThat(line).contains("packaged demo users operator their"));
    }

    @Test
    void shouldAcceptAnOwnKeyAndOwnUsers() throws IOException {
        Path users = Files.writeString(dir.resolve("users.properties"),
                "alice=0123456789abcdef0123456789abcdef\nviewer=fedcba9876543210fedcba9876543210\n");

        assertThat(DemoCredentialsGuard.problem(Optional.of(OWN_KEY), users.toString())).isEmpty();
        assertThat(DemoCredentialsGuard.problem(Optional.empty(), users.toString())).isEmpty();
    }
}
