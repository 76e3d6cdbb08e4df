package org.capif.common.cert;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues X.509 v3 certificates under a CAPIF CA: invoker client certificates at onboarding (TS 33.122 §6.1), and AEF,
 * operator, service and server certificates for tooling and tests. The issuer decides subject, SANs, key usages and
 * validity; nothing is copied from a certificate request except its public key.
 */
public final class CertificateIssuer {

    /** What the certificate is for. */
    public enum Usage {
        CLIENT_AUTH,
        SERVER_AUTH
    }

    /**
     * One certificate to issue.
     *
     * @param subjectKey the public key to certify
     * @param identity the CAPIF identity written as a URI SAN; null for pure server certificates
     * @param commonName the subject CN
     * @param dnsNames DNS SANs (server certificates)
     * @param ipAddresses IP address SANs (server certificates)
     * @param usages extended key usages
     * @param validity how long from now the certificate is valid
     */
    public record Request(
            PublicKey subjectKey,
            CapifIdentity identity,
            String commonName,
            List<String> dnsNames,
            List<String> ipAddresses,
            Set<Usage> usages,
            Duration validity) {

        public static Request client(PublicKey key, CapifIdentity identity, Duration validity) {
            return new Request(key, identity, identity.id(), List.of(), List.of(), Set.of(Usage.CLIENT_AUTH), validity);
        }

        public static Request server(PublicKey key, String commonName, List<String> dns, List<String> ips, Duration v) {
            return new Request(key, null, commonName, dns, ips, Set.of(Usage.SERVER_AUTH), v);
        }
    }

    /** Tolerance for clocks of relying parties that are slightly behind ours. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate caCertificate;
    private final PrivateKey caKey;

    public CertificateIssuer(X509Certificate caCertificate, PrivateKey caKey) {
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public X509Certificate issue(Request request) {
        Instant now = Instant.now();
        Instant notAfter = now.plus(request.validity());
        if (notAfter.isAfter(caCertificate.getNotAfter().toInstant())) {
            notAfter = caCertificate.getNotAfter().toInstant();
        }
        try {
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
            if (request.identity() != null) {
                subject.addRDN(BCStyle.OU, request.identity().role().uriName());
            }
            subject.addRDN(BCStyle.CN, request.commonName());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    caCertificate,
                    serial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(notAfter),
                    subject.build(),
                    request.subjectKey());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int keyUsage = KeyUsage.digitalSignature;
            if (request.subjectKey() instanceof RSAKey) {
                keyUsage |= KeyUsage.keyEncipherment;
            }
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (request.usages().contains(Usage.CLIENT_AUTH)) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            if (request.usages().contains(Usage.SERVER_AUTH)) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            List<GeneralName> names = new ArrayList<>();
            if (request.identity() != null) {
                names.add(new GeneralName(
                        GeneralName.uniformResourceIdentifier,
                        request.identity().toUri()));
            }
            for (String dns : request.dnsNames()) {
                names.add(new GeneralName(GeneralName.dNSName, dns));
            }
            for (String ip : request.ipAddresses()) {
                names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ipBytes(ip))));
            }
            if (!names.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(request.subjectKey()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(caKey)).build(caKey)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("certificate issuance failed", e);
        }
    }

    /** A self-signed root CA certificate for the given key pair. */
    public static X509Certificate selfSignedCa(KeyPair keyPair, String commonName, Duration validity) {
        Instant now = Instant.now();
        try {
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "CAPIF")
                    .addRDN(BCStyle.CN, commonName)
                    .build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    serial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)),
                    name,
                    keyPair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(keyPair.getPrivate()))
                            .build(keyPair.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("CA creation failed", e);
        }
    }

    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        if ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
    }

    /** A positive 159-bit random serial (RFC 5280 §4.1.2.2: at most 20 octets, CA/B forum: at least 64 random bits). */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(158);
    }

    private static byte[] ipBytes(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
