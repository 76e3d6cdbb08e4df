package org.capif.common.cert;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * Checks a PKCS#10 certification request (an invoker's {@code onboardingInformation.apiInvokerPublicKey}, an API
 * provider function's {@code regInfo.apiProvPubKey}), in this order:
 * <ol>
 *   <li>it parses as a PEM CSR;
 *   <li>its signature algorithm is on the allow-list (no SHA-1, no MD5);
 *   <li>its key is acceptable: RSA of 2048 to 8192 bits, EC on P-256 or P-384, or Ed25519;
 *   <li>its signature verifies with that key (proof of possession, RFC 2986 §3).
 * </ol>
 * Only the public key is used afterwards; subject and requested extensions are ignored (the CA decides them).
 */
public final class CertificateRequests {

    private static final Map<ASN1ObjectIdentifier, String> SIGNATURE_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    private static final java.util.Set<ASN1ObjectIdentifier> PSS_HASHES = java.util.Set.of(
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private static final int RSA_MIN_BITS = 2048;
    private static final int RSA_MAX_BITS = 8192;

    private CertificateRequests() {}

    /**
     * The verified public key of the CSR found at the JSON pointer {@code pointer} of the request body; throws 400
     * {@code INVALID_CSR} or {@code WEAK_KEY}, naming that pointer, otherwise.
     */
    public static PublicKey verifiedPublicKey(String pem, String pointer) {
        try {
            return verifiedPublicKey(pem);
        } catch (Refused e) {
            throw CapifException.badRequest(e.cause, e.getMessage(), new InvalidParam(pointer, e.getMessage()));
        }
    }

    private static PublicKey verifiedPublicKey(String pem) {
        PKCS10CertificationRequest csr;
        try {
            csr = Pem.certificationRequest(pem);
        } catch (IllegalArgumentException e) {
            throw invalid("The public key must be sent as a PEM-encoded PKCS#10 certification request.");
        }
        ASN1ObjectIdentifier sigAlg = csr.getSignatureAlgorithm().getAlgorithm();
        if (!SIGNATURE_ALGORITHMS.containsKey(sigAlg)) {
            throw invalid("The CSR is signed with an algorithm that is not accepted (" + sigAlg.getId() + ").");
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(sigAlg)) {
            requireStrongPss(csr.getSignatureAlgorithm().getParameters());
        }
        PublicKey key = acceptableKey(csr);
        try {
            JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
            if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(sigAlg)) {
                verifiers.setProvider(BOUNCY_CASTLE); // the JDK has no "SHA256WITHRSASSA-PSS" by that name
            }
            if (!csr.isSignatureValid(verifiers.build(key))) {
                throw invalid("The CSR signature does not verify with its public key.");
            }
        } catch (Refused e) {
            throw e;
        } catch (Exception e) {
            throw invalid("The CSR signature cannot be verified.");
        }
        return key;
    }

    /**
     * RSASSA-PSS names its hashes in parameters whose defaults are SHA-1 (RFC 4055 §3.1): both the message hash and
     * the MGF1 hash must be SHA-256, SHA-384 or SHA-512.
     */
    private static void requireStrongPss(org.bouncycastle.asn1.ASN1Encodable parameters) {
        ASN1ObjectIdentifier hash;
        ASN1ObjectIdentifier mgfHash;
        try {
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(parameters);
            if (pss == null) {
                throw invalid("RSASSA-PSS without parameters means SHA-1, which is not accepted.");
            }
            hash = pss.getHashAlgorithm().getAlgorithm();
            AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
            AlgorithmIdentifier mgfDigest = PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
                    ? AlgorithmIdentifier.getInstance(mgf.getParameters())
                    : null;
            mgfHash = mgfDigest == null ? null : mgfDigest.getAlgorithm();
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid("The CSR's RSASSA-PSS parameters cannot be decoded.");
        }
        if (!PSS_HASHES.contains(hash) || mgfHash == null || !PSS_HASHES.contains(mgfHash)) {
            throw invalid("RSASSA-PSS must use SHA-256, SHA-384 or SHA-512 for the hash and for MGF1.");
        }
    }

    private static PublicKey acceptableKey(PKCS10CertificationRequest csr) {
        SubjectPublicKeyInfo info = csr.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier keyAlg = info.getAlgorithm().getAlgorithm();
        PublicKey key;
        try {
            key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (Exception e) {
            throw invalid("The CSR public key cannot be decoded.");
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(keyAlg) && key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
                throw weak("RSA keys must have 2048 to 8192 bits; this one has " + bits + ".");
            }
            return key;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(keyAlg)) {
            Object curve = info.getAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(curve) || SECObjectIdentifiers.secp384r1.equals(curve)) {
                return key;
            }
            throw weak("EC keys must be on P-256 or P-384.");
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(keyAlg)) {
            return key;
        }
        throw weak("Accepted keys are RSA (2048 to 8192 bits), EC P-256, EC P-384 and Ed25519.");
    }

    /** SHA-256 over the DER SubjectPublicKeyInfo, base64url: identifies a key independently of any certificate. */
    public static String keyFingerprint(PublicKey key) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Refused invalid(String detail) {
        return new Refused(Causes.INVALID_CSR, detail);
    }

    private static Refused weak(String detail) {
        return new Refused(Causes.WEAK_KEY, detail);
    }

    /** A refused CSR, before the caller's JSON pointer is known. */
    private static final class Refused extends RuntimeException {
        private final String cause;

        Refused(String cause, String detail) {
            super(detail, null, false, false);
            this.cause = cause;
        }
    }
}
