package io.fleetcompat.kafka.embedded.security;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What makes an embedded cluster authenticated and encrypted: TLS on every listener (the controller listener
 * too, with client certificates required, so only a node holding the broker's certificate joins the quorum),
 * clients authenticated by SCRAM-SHA-512 or by their certificate, and KRaft's {@code StandardAuthorizer} with no
 * access unless an ACL grants it. The super users are the broker itself and the administrator that creates
 * users, topics and ACLs.
 *
 * @param keystore the broker's key and certificate (PKCS12), valid for 127.0.0.1 and localhost
 * @param truststore the CA certificate (PEM) every node and client trusts
 * @param brokerLogin the broker's own SCRAM user, for inter-broker connections (SCRAM only)
 * @param bootstrapUsers SCRAM users written into the metadata when the storage is formatted (e.g. the
 *     administrator), so they can log in before anyone could create them
 * @param superUsers user names with every right (principal {@code User:<name>})
 */
public record BrokerSecurity(ClientAuthentication authentication, Path keystore, String keystorePassword,
                             Path truststore, Optional<ScramCredential> brokerLogin,
                             List<ScramCredential> bootstrapUsers, List<String> superUsers) {

    /** The CN of a certificate is the principal's name, as the user name of a SCRAM login is. */
    static final String PRINCIPAL_FROM_CN = "RULE:^CN=([^,]+),.*$/$1/,DEFAULT";
    private static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    public BrokerSecurity {
        keystore = keystore.toAbsolutePath();
        truststore = truststore.toAbsolutePath();
        bootstrapUsers = List.copyOf(bootstrapUsers);
        superUsers = List.copyOf(superUsers);
        if (authentication == ClientAuthentication.SCRAM && brokerLogin.isEmpty()) {
            throw new IllegalArgumentException("SCRAM needs the broker's own login for inter-broker connections");
        }
    }

    /** The client listener's name (and security protocol): SASL_SSL or SSL. */
    public String clientListener() {
        return authentication.securityProtocol();
    }

    /**
     * Broker settings besides the listeners themselves: TLS, authentication, the authorizer and its super users.
     *
     * @param controllerListener the name of the controller listener (secured with TLS and client certificates)
     */
    public Map<String, String> brokerSettings(String controllerListener) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", keystore.toString());
        settings.put("ssl.keystore.password", keystorePassword);
        settings.put("ssl.key.password", keystorePassword);
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", truststore.toString());
        settings.put("ssl.principal.mapping.rules", PRINCIPAL_FROM_CN);
        settings.put("listener.name." + controllerListener.toLowerCase(Locale.ROOT) + ".ssl.client.auth", "required");
        if (authentication == ClientAuthentication.SCRAM) {
            String listener = "listener.name." + clientListener().toLowerCase(Locale.ROOT) + "."
                    + ScramCredential.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config";
            settings.put("sasl.enabled.mechanisms", ScramCredential.MECHANISM);
            settings.put("sasl.mechanism.inter.broker.protocol", ScramCredential.MECHANISM);
            settings.put(listener, brokerLogin.orElseThrow().jaasConfig());
        } else {
            settings.put("ssl.client.auth", "required");
        }
        settings.put("authorizer.class.name", STANDARD_AUTHORIZER);
        settings.put("allow.everyone.if.no.acl.found", "false");
        settings.put("super.users", superUsers.stream().map(user -> "User:" + user).collect(Collectors.joining(";")));
        return settings;
    }

    /** Client settings that log in as the broker itself (a super user): for the cluster's own admin calls. */
    public Map<String, String> brokerClientSettings() {
        return authentication == ClientAuthentication.SCRAM
                ? ClientSettings.scram(brokerLogin.orElseThrow(), truststore)
                : ClientSettings.mutualTls(keystore, keystorePassword, truststore);
    }

    /** The storage formatter's SCRAM arguments: the broker's login and the bootstrap users. */
    public List<String> formatterScramArguments() {
        List<String> arguments = new ArrayList<>();
        if (authentication == ClientAuthentication.SCRAM) {
            brokerLogin.ifPresent(login -> arguments.add(login.formatterArgument()));
            bootstrapUsers.forEach(user -> arguments.add(user.formatterArgument()));
        }
        return arguments;
    }

    /**
     * Writes this as a properties file readable only by its owner: how the launcher hands a broker process its
     * secrets without putting them on a command line.
     */
    public void store(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("authentication", authentication.name());
        properties.setProperty("keystore.location", keystore.toString());
        properties.setProperty("keystore.password", keystorePassword);
        properties.setProperty("truststore.location", truststore.toString());
        brokerLogin.ifPresent(login -> {
            properties.setProperty("broker.user", login.user());
            properties.setProperty("broker.password", login.password());
        });
        bootstrapUsers.forEach(user -> properties.setProperty("bootstrap.user." + user.user(), user.password()));
        properties.setProperty("super.users", String.join(",", superUsers));
        OwnerOnlyFiles.create(file);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "fleetcompat embedded broker security: secrets, keep it owner-only");
        }
    }

    /** @throws IllegalArgumentException naming the missing or bad key */
    public static BrokerSecurity load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> bootstrap = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("bootstrap.user."))
                .forEach(key -> bootstrap.put(key.substring("bootstrap.user.".length()), properties.getProperty(key)));
        Optional<ScramCredential> broker = Optional.ofNullable(properties.getProperty("broker.user"))
                .map(user -> new ScramCredential(user, required(properties, "broker.password", file)));
        return new BrokerSecurity(
                ClientAuthentication.valueOf(required(properties, "authentication", file)),
                Path.of(required(properties, "keystore.location", file)),
                required(properties, "keystore.password", file),
                Path.of(required(properties, "truststore.location", file)),
                broker,
                bootstrap.entrySet().stream().map(e -> new ScramCredential(e.getKey(), e.getValue())).toList(),
                List.of(required(properties, "super.users", file).split(",")));
    }

    /** Never the passwords: records print in logs and assertion messages. */
    @Override
    public String toString() {
        return "BrokerSecurity[" + authentication + ", keystore " + keystore + ", truststore " + truststore
                + ", super users " + superUsers + "]";
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + " has no " + key);
        }
        return value.trim();
    }
}
