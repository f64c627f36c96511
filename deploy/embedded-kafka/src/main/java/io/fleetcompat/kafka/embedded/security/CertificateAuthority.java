package io.fleetcompat.kafka.embedded.security;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority for a demo or a test cluster: an EC P-256 key and a self-signed CA
 * certificate, which signs broker and client certificates. Built on public JDK APIs only (DER written by
 * {@link Der}, signed with {@link Signature}, parsed back by {@link CertificateFactory}); never a production CA.
 */
public final class CertificateAuthority {

    /** What an issued certificate may be used for (extended key usage). */
    public enum Usage {
        /** A broker: a TLS server, and a TLS client of the other nodes' controller and broker listeners. */
        SERVER_AND_CLIENT,
        /** A client presenting its certificate to the brokers (mutual TLS). */
        CLIENT
    }

    /** A private key and its certificate chain (the leaf first, then the CA). */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
        public Issued {
            chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    /** Clocks of the machines involved may differ a little. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final String organization;
    private final Duration validity;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(String organization, Duration validity) {
        this.organization = organization;
        this.validity = validity;
        this.keys = newKeyPair();
        byte[] name = name(organization + " CA");
        this.certificate = sign(name, name, keys.getPublic(), List.of(
                extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))),
                extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN)),
                extension(SUBJECT_KEY_ID, false, Der.octetString(keyId(keys.getPublic())))));
    }

    /**
     * @param organization the O of every subject, e.g. "fleetcompat demo"
     * @param validity how long certificates issued (and the CA's own) are valid
     */
    public static CertificateAuthority create(String organization, Duration validity) {
        return new CertificateAuthority(organization, validity);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Issues a certificate with subject {@code CN=<commonName>, O=<organization>}.
     *
     * @param hostNames DNS names and IP addresses the certificate is valid for (subject alternative names);
     *     empty for a client certificate
     */
    public Issued issue(String commonName, List<String> hostNames, Usage usage) {
        KeyPair leaf = newKeyPair();
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence()));
        extensions.add(extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE)));
        extensions.add(extension(EXTENDED_KEY_USAGE, false, usage == Usage.CLIENT
                ? Der.sequence(Der.oid(CLIENT_AUTH))
                : Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))));
        if (!hostNames.isEmpty()) {
            extensions.add(extension(SUBJECT_ALT_NAME, false, Der.sequence(
                    hostNames.stream().map(CertificateAuthority::generalName).toArray(byte[][]::new))));
        }
        extensions.add(extension(SUBJECT_KEY_ID, false, Der.octetString(keyId(leaf.getPublic()))));
        extensions.add(extension(AUTHORITY_KEY_ID, false,
                Der.sequence(Der.implicitPrimitive(0, keyId(keys.getPublic())))));
        X509Certificate issued = sign(name(organization + " CA"), name(commonName), leaf.getPublic(), extensions);
        return new Issued(leaf.getPrivate(), List.of(issued, certificate));
    }

    private X509Certificate sign(byte[] issuer, byte[] subject, PublicKey subjectKey, List<byte[]> extensions) {
        ZonedDateTime now = ZonedDateTime.now();
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.valueOf(2))),
                Der.integer(new BigInteger(127, random).add(BigInteger.ONE)),
                algorithm,
                issuer,
                Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(validity))),
                subject,
                subjectKey.getEncoded(),
                Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
        try {
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(keys.getPrivate(), random);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            parsed.verify(keys.getPublic());
            return parsed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private byte[] name(String commonName) {
        return Der.sequence(
                Der.set(Der.sequence(Der.oid(ORGANIZATION), Der.utf8(organization))),
                Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** dNSName [2] or iPAddress [7] (RFC 5280 4.2.1.6). */
    private static byte[] generalName(String host) {
        if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.contains(":")) {
            try {
                return Der.implicitPrimitive(7, InetAddress.getByName(host).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + host, e);
            }
        }
        return Der.implicitPrimitive(2, host.getBytes(StandardCharsets.US_ASCII));
    }

    /** SHA-1 of the encoded public key: an identifier for chain building (RFC 5280 4.2.1.2), not a security measure. */
    private static byte[] keyId(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JDK: " + e.getMessage(), e);
        }
    }
}
