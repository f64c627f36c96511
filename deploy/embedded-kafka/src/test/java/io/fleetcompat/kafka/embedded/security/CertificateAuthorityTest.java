package io.fleetcompat.kafka.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final CertificateAuthority ca = CertificateAuthority.create("fleetcompat test", Duration.ofDays(2));

    @Test
    void shouldIssueABrokerCertificateThatThePkixValidatorAcceptsUnderTheCa() throws Exception {
        CertificateAuthority.Issued broker = ca.issue("broker", List.of("127.0.0.1", "localhost", "kafka"),
                CertificateAuthority.Usage.SERVER_AND_CLIENT);

        validate(broker.certificate(), ca.certificate());
        X509Certificate certificate = broker.certificate();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=broker,O=fleetcompat test");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(7, "127.0.0.1"), List.of(2, "localhost"), List.of(2, "kafka"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(broker.chain()).containsExactly(certificate, ca.certificate());
    }

    @Test
    void shouldMakeTheCaACaAndClientCertificatesClientOnly() throws Exception {
        CertificateAuthority.Issued client = ca.issue("agent", List.of(), CertificateAuthority.Usage.CLIENT);

        validate(client.certificate(), ca.certificate());
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(ca.certificate().getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(ca.certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.certificate().getNotAfter()).isAfter(ca.certificate().getNotBefore());
    }

    @Test
    void shouldNotValidateACertificateOfAnotherCa() {
        CertificateAuthority other = CertificateAuthority.create("someone else", Duration.ofDays(2));
        CertificateAuthority.Issued stranger = other.issue("broker", List.of("127.0.0.1"),
                CertificateAuthority.Usage.SERVER_AND_CLIENT);

        assertThatThrownBy(() -> validate(stranger.certificate(), ca.certificate()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void shouldEncodeKnownObjectIdentifiersAndLongLengthsAsX690Says() {
        // ecdsa-with-SHA256, as every certificate signed with it carries it
        assertThat(Der.oid("1.2.840.10045.4.3.2")).containsExactly(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
        // digitalSignature, keyCertSign, cRLSign: 1000 0110, one unused bit
        assertThat(Der.namedBits(0, 5, 6)).containsExactly(0x03, 0x02, 0x01, 0x86);
        byte[] long300 = Der.tlv(Der.SEQUENCE, new byte[300]);
        assertThat(long300).startsWith(0x30, 0x82, 0x01, 0x2c).hasSize(304);
    }

    private static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
