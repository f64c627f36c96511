package io.fleetcompat.schema.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy keys on disk. Private keys: PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey
 * -algorithm ed25519} writes it) or a JDK keystore (PKCS12 or JKS, as {@code keytool -genkeypair -keyalg Ed25519}
 * makes it). Public keys: X.509 SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}, {@code openssl pkey
 * -pubout}) or a certificate PEM ({@code keytool -exportcert -rfc}). Only Ed25519 keys are accepted. A key file's id,
 * unless given, is its name without the extension ({@code fleet-2026.pem} is key id {@code fleet-2026}).
 */
public final class PolicyKeyFiles {

    /** Extensions of public key files in a trusted-keys directory; other files there are ignored. */
    static final List<String> PUBLIC_KEY_EXTENSIONS = List.of(".pem", ".pub", ".crt");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EXTENSION = Pattern.compile("\\.(pem|pub|crt|key|p12|pfx|jks)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PolicyKeyFiles() {
    }

    /** @throws IllegalArgumentException unless 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit */
    public static String requireKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id '" + keyId + "' must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return keyId;
    }

    /** The key id a file stands for: its name without a key-file extension. */
    public static String keyIdOf(Path file) {
        String name = file.getFileName().toString();
        String id = EXTENSION.matcher(name).replaceFirst("");
        try {
            return requireKeyId(id);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "its name does not give a key id: " + e.getMessage());
        }
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(PolicySignatures.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + PolicySignatures.ALGORITHM, e);
        }
    }

    /**
     * Reads a private key: PKCS#8 PEM, or a keystore entry named {@code alias} opened with {@code password}.
     *
     * @param password the keystore's password; empty for a PEM file
     */
    public static PrivateKey readPrivateKey(Path file, String alias, Optional<char[]> password) {
        byte[] content = read(file);
        Optional<byte[]> der = pem(file, content, "PRIVATE KEY");
        if (der.isPresent()) {
            try {
                return (PrivateKey) requireEd25519(file, KeyFactory.getInstance(PolicySignatures.ALGORITHM)
                        .generatePrivate(new PKCS8EncodedKeySpec(der.get())));
            } catch (GeneralSecurityException e) {
                throw new KeyFileException(file, "not an Ed25519 PKCS#8 private key (" + e.getMessage() + ")");
            }
        }
        if (password.isEmpty()) {
            throw new KeyFileException(file, "not a PKCS#8 PEM private key; a keystore needs its password file");
        }
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password.get());
            Key key = store.getKey(alias, password.get());
            if (!(key instanceof PrivateKey privateKey)) {
                throw new KeyFileException(file, "the keystore has no private key entry '" + alias + "' (entries: "
                        + Collections.list(store.aliases()) + ")");
            }
            return (PrivateKey) requireEd25519(file, privateKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyFileException(file, "cannot be opened as a keystore with that password (" + e.getMessage() + ")");
        }
    }

    /** Reads a public key: SubjectPublicKeyInfo PEM or an X.509 certificate PEM. */
    public static PublicKey readPublicKey(Path file) {
        byte[] content = read(file);
        try {
            Optional<byte[]> der = pem(file, content, "PUBLIC KEY");
            if (der.isPresent()) {
                return (PublicKey) requireEd25519(file, KeyFactory.getInstance(PolicySignatures.ALGORITHM)
                        .generatePublic(new X509EncodedKeySpec(der.get())));
            }
            Optional<byte[]> certificate = pem(file, content, "CERTIFICATE");
            if (certificate.isPresent()) {
                return (PublicKey) requireEd25519(file, CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(certificate.get())).getPublicKey());
            }
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(file, "not an Ed25519 public key (" + e.getMessage() + ")");
        }
        throw new KeyFileException(file, "holds neither a PUBLIC KEY nor a CERTIFICATE in PEM");
    }

    /** Writes a private key as PKCS#8 PEM, readable by its owner only (where the file system has permissions). */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, pemText("PRIVATE KEY", key.getEncoded()), StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Writes a public key as SubjectPublicKeyInfo PEM. */
    public static void writePublicKey(Path file, PublicKey key) throws IOException {
        Files.writeString(file, pemText("PUBLIC KEY", key.getEncoded()));
    }

    private static String pemText(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Optional<byte[]> pem(Path file, byte[] content, String type) {
        Matcher matcher = PEM.matcher(new String(content, StandardCharsets.ISO_8859_1));
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                try {
                    return Optional.of(Base64.getMimeDecoder().decode(matcher.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new KeyFileException(file, "its " + type + " block is not base64");
                }
            }
        }
        return Optional.empty();
    }

    private static Key requireEd25519(Path file, Key key) {
        if (key instanceof EdECKey edec
                && edec.getParams().getName().toUpperCase(Locale.ROOT).equals("ED25519")) {
            return key;
        }
        throw new KeyFileException(file, "holds a " + key.getAlgorithm() + " key, not an Ed25519 one");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot be read (" + e + ")");
        }
    }
}
