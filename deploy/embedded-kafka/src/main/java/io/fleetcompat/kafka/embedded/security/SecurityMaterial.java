package io.fleetcompat.kafka.embedded.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The throw-away security material of one secured cluster, in one owner-only directory: a CA ({@code ca.pem}; its
 * key is never written, so nothing can be issued later), the broker's keystore, a password or a certificate per
 * principal, and {@code broker-security.properties} for the broker process. Principals are the broker and
 * {@value #ADMIN} (super users) and the clients named at creation.
 */
public final class SecurityMaterial {

    public static final String BROKER = "broker";
    /** The administrator: creates users, topics and ACLs (a super user). */
    public static final String ADMIN = "admin";
    public static final String BROKER_SECURITY_FILE = "broker-security.properties";

    private static final String SECRETS_FILE = "secrets.properties";
    private static final String CA_FILE = "ca.pem";
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Path dir;
    private final ClientAuthentication authentication;
    /** Keystore passwords (mTLS) or SCRAM passwords, by principal. */
    private final Map<String, String> passwords;

    private SecurityMaterial(Path dir, ClientAuthentication authentication, Map<String, String> passwords) {
        this.dir = dir.toAbsolutePath();
        this.authentication = authentication;
        this.passwords = Map.copyOf(passwords);
    }

    /**
     * Creates the material in {@code dir}, or loads what an earlier run created there (a kept data dir remembers
     * the SCRAM users of its first start).
     *
     * @param clients the client principals besides {@value #ADMIN}
     * @param brokerHosts names and addresses the broker is reached by besides 127.0.0.1 and localhost
     * @throws IllegalStateException when {@code dir} holds material made for other principals or another kind
     */
    public static SecurityMaterial createOrLoad(Path dir, ClientAuthentication authentication, List<String> clients,
                                                List<String> brokerHosts) throws IOException {
        OwnerOnlyFiles.directory(dir);
        List<String> principals = new ArrayList<>(List.of(BROKER, ADMIN));
        clients.stream().filter(c -> !principals.contains(c)).forEach(principals::add);
        Path secrets = dir.resolve(SECRETS_FILE);
        if (Files.exists(secrets)) {
            return load(dir, authentication, principals);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        principals.forEach(principal -> passwords.put(principal, ScramCredential.randomSecret()));
        SecurityMaterial material = new SecurityMaterial(dir, authentication, passwords);
        material.write(principals, brokerHosts);
        return material;
    }

    public ClientAuthentication authentication() {
        return authentication;
    }

    /** The CA certificate every client must trust (PEM). */
    public Path truststore() {
        return dir.resolve(CA_FILE);
    }

    /** The file {@link BrokerSecurity#load} reads: the broker process is given its path only. */
    public Path brokerSecurityFile() {
        return dir.resolve(BROKER_SECURITY_FILE);
    }

    public BrokerSecurity broker() {
        boolean scram = authentication == ClientAuthentication.SCRAM;
        return new BrokerSecurity(authentication, keystore(BROKER), passwords.get(BROKER), truststore(),
                scram ? Optional.of(login(BROKER)) : Optional.empty(),
                scram ? List.of(login(ADMIN)) : List.of(), List.of(BROKER, ADMIN));
    }

    /** The SCRAM logins of the client principals (not the broker's nor the administrator's, which exist from the start). */
    public List<ScramCredential> clientLogins() {
        if (authentication != ClientAuthentication.SCRAM) {
            return List.of();
        }
        return passwords.keySet().stream().filter(p -> !p.equals(BROKER) && !p.equals(ADMIN)).map(this::login).toList();
    }

    /** Plain Kafka client settings that log {@code principal} in. */
    public Map<String, String> clientSettings(String principal) {
        if (!passwords.containsKey(principal)) {
            throw new IllegalArgumentException("no material for principal '" + principal + "' in " + dir
                    + " (has " + passwords.keySet() + ")");
        }
        return authentication == ClientAuthentication.SCRAM
                ? ClientSettings.scram(login(principal), truststore())
                : ClientSettings.mutualTls(keystore(principal), passwords.get(principal), truststore());
    }

    private ScramCredential login(String principal) {
        return new ScramCredential(principal, passwords.get(principal));
    }

    private Path keystore(String principal) {
        return dir.resolve(principal + ".p12");
    }

    private void write(List<String> principals, List<String> brokerHosts) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create("fleetcompat throw-away", VALIDITY);
        List<String> hosts = new ArrayList<>(List.of("127.0.0.1", "localhost"));
        brokerHosts.stream().filter(h -> !hosts.contains(h)).forEach(hosts::add);
        writeKeystore(BROKER, ca.issue(BROKER, hosts, CertificateAuthority.Usage.SERVER_AND_CLIENT));
        if (authentication == ClientAuthentication.MUTUAL_TLS) {
            for (String principal : principals.subList(1, principals.size())) {
                writeKeystore(principal, ca.issue(principal, List.of(), CertificateAuthority.Usage.CLIENT));
            }
        }
        OwnerOnlyFiles.write(truststore(), pem(ca.certificate()).getBytes(StandardCharsets.US_ASCII));
        Properties secrets = new Properties();
        secrets.setProperty("authentication", authentication.name());
        passwords.forEach((principal, password) -> secrets.setProperty("password." + principal, password));
        OwnerOnlyFiles.create(dir.resolve(SECRETS_FILE));
        try (Writer writer = Files.newBufferedWriter(dir.resolve(SECRETS_FILE), StandardCharsets.UTF_8)) {
            secrets.store(writer, "throw-away passwords of this cluster's principals");
        }
        broker().store(brokerSecurityFile());
    }

    private void writeKeystore(String principal, CertificateAuthority.Issued issued) throws IOException {
        char[] password = passwords.get(principal).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(principal, issued.key(), password, issued.chain().toArray(Certificate[]::new));
            OwnerOnlyFiles.create(keystore(principal));
            try (OutputStream out = Files.newOutputStream(keystore(principal))) {
                store.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the keystore of " + principal + ": " + e.getMessage(), e);
        }
    }

    private static SecurityMaterial load(Path dir, ClientAuthentication authentication, List<String> principals)
            throws IOException {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve(SECRETS_FILE), StandardCharsets.UTF_8)) {
            secrets.load(reader);
        }
        if (!authentication.name().equals(secrets.getProperty("authentication"))) {
            throw new IllegalStateException(dir + " holds " + secrets.getProperty("authentication")
                    + " material, not " + authentication + ": use a new directory");
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String principal : principals) {
            String password = secrets.getProperty("password." + principal);
            if (password == null) {
                throw new IllegalStateException(dir + " holds no material for principal '" + principal
                        + "': use a new directory");
            }
            passwords.put(principal, password);
        }
        return new SecurityMaterial(dir, authentication, passwords);
    }

    static String pem(Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
