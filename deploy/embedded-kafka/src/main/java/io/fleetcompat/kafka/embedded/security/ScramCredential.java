package io.fleetcompat.kafka.embedded.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A SCRAM-SHA-512 user name and password. Names and generated passwords use only {@code [A-Za-z0-9._-]}, so they
 * need no quoting in a JAAS line or in the storage formatter's {@code --add-scram} syntax.
 */
public record ScramCredential(String user, String password) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramCredential {
        requireSafe("user", user);
        requireSafe("password", password);
    }

    /** A fresh random password (192 bits). */
    public static ScramCredential generate(String user) {
        return new ScramCredential(user, randomSecret());
    }

    /** 192 random bits, base64url without padding. */
    static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The client's {@code sasl.jaas.config}. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The argument of Kafka's storage formatter that creates this user before the first start. */
    String formatterArgument() {
        return MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    /** Never the password: records print in logs and assertion messages. */
    @Override
    public String toString() {
        return "ScramCredential[" + user + "]";
    }

    private static void requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("a SCRAM " + what + " must be non-empty [A-Za-z0-9._-]");
        }
    }
}
