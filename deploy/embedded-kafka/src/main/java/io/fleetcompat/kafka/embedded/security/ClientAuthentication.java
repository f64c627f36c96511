package io.fleetcompat.kafka.embedded.security;

/** How clients authenticate to a secured cluster; either way the connection is TLS. */
public enum ClientAuthentication {
    /** SASL_SSL with SCRAM-SHA-512: a user name and password per principal. */
    SCRAM("SASL_SSL"),
    /** SSL with a client certificate required: the principal is the certificate's CN. */
    MUTUAL_TLS("SSL");

    private final String securityProtocol;

    ClientAuthentication(String securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    /** Kafka's security.protocol, also the name of the client listener. */
    public String securityProtocol() {
        return securityProtocol;
    }
}
