package io.fleetcompat.dashboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CSRF tokens of the signed double-submit kind: a random nonce and an HMAC of it bound to the signed-in user, handed
 * to the page by {@code GET /api/session} and in an HttpOnly cookie; a state-changing request must send it back as
 * the {@value #HEADER} header, equal to the cookie. A page of another site cannot read either, and cannot make the
 * browser send a custom header without the CORS consent the dashboard never gives. The HMAC key is derived from the
 * session encryption key, so every instance sharing that key accepts the others' tokens.
 */
@ApplicationScoped
public class CsrfTokens {

    public static final String HEADER = "X-CSRF-Token";
    public static final String COOKIE = "fleetcompat-csrf";
    private static final String HMAC = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public CsrfTokens(@ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey) {
        byte[] secret = sessionKey.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            // Quarkus then encrypts sessions with a random key of its own: tokens live as long as this instance too.
            byte[] generated = new byte[32];
            random.nextBytes(generated);
            return generated;
        });
        this.key = new SecretKeySpec(mac(new SecretKeySpec(secret, HMAC), "fleetcompat csrf key"), HMAC);
    }

    /** A new token for {@code user}. */
    public String issue(String user) {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        String encodedNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return encodedNonce + "." + signature(encodedNonce, user);
    }

    /** Whether {@code token} was issued by a dashboard with this key to {@code user}. */
    public boolean valid(String token, String user) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        byte[] expected = signature(token.substring(0, dot), user).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String nonce, String user) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, nonce + "\n" + user));
    }

    private static byte[] mac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + HMAC + " in this JDK", e);
        }
    }
}
