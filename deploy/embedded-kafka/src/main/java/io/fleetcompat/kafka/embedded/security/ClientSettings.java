package io.fleetcompat.kafka.embedded.security;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Kafka client settings (plain keys, no component prefix) that log a principal in to a secured cluster. */
public final class ClientSettings {

    private ClientSettings() {
    }

    /** SASL_SSL with SCRAM-SHA-512, trusting the CA in {@code truststore} (PEM). */
    public static Map<String, String> scram(ScramCredential login, Path truststore) {
        Map<String, String> settings = trusting(ClientAuthentication.SCRAM, truststore);
        settings.put("sasl.mechanism", ScramCredential.MECHANISM);
        settings.put("sasl.jaas.config", login.jaasConfig());
        return settings;
    }

    /** SSL presenting the certificate in {@code keystore} (PKCS12), trusting the CA in {@code truststore} (PEM). */
    public static Map<String, String> mutualTls(Path keystore, String keystorePassword, Path truststore) {
        Map<String, String> settings = trusting(ClientAuthentication.MUTUAL_TLS, truststore);
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
        settings.put("ssl.keystore.password", keystorePassword);
        settings.put("ssl.key.password", keystorePassword);
        return settings;
    }

    private static Map<String, String> trusting(ClientAuthentication authentication, Path truststore) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", authentication.securityProtocol());
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
        return settings;
    }
}
