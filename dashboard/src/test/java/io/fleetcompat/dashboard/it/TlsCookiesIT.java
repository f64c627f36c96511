package io.fleetcompat.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.dashboard.security.CsrfTokens;
import io.fleetcompat.kafka.embedded.security.CertificateAuthority;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Served over TLS, the session cookie and the CSRF cookie are Secure as well as HttpOnly and SameSite=Strict. */
@QuarkusTest
@TestProfile(TlsCookiesIT.Https.class)
@WithTestResource(FleetKafkaResource.class)
class TlsCookiesIT {

    private static final String PASSWORD = "tls-cookies-it";

    /** HTTPS on a free port with a certificate for localhost from a throw-away CA. */
    public static class Https implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.tls.key-store.p12.path", keystore().toString(),
                    "quarkus.tls.key-store.p12.password", PASSWORD,
                    "quarkus.http.test-ssl-port", "0");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void shouldMarkTheSessionAndCsrfCookiesSecureOverTls() {
        Response login = RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString()).redirects().follow(false)
                .contentType(ContentType.URLENC).formParam("j_username", "viewer").formParam("j_password", "viewer")
                .post("/j_security_check");
        Response session = RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString())
                .auth().preemptive().basic("viewer", "viewer").get("/api/session");

        for (String cookie : List.of(CommandApiIT.setCookie(login, "quarkus-credential"),
                CommandApiIT.setCookie(session, CsrfTokens.COOKIE))) {
            assertThat(CommandApiIT.attributes(cookie)).as(cookie).contains("secure", "httponly", "samesite=strict");
        }
    }

    private static synchronized Path keystore() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "fleetcompat-dashboard-tls-it.p12");
        try {
            CertificateAuthority.Issued localhost = CertificateAuthority.create("fleetcompat dashboard test",
                    Duration.ofDays(1)).issue("localhost", List.of("localhost", "127.0.0.1"),
                    CertificateAuthority.Usage.SERVER_AND_CLIENT);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("localhost", localhost.key(), PASSWORD.toCharArray(),
                    localhost.chain().toArray(Certificate[]::new));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
