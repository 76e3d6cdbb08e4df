package org.capif.invoker;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.pki.TestPki;

/** Small factories for invoker management tests: keys, CSRs, enrolment bodies and onboarding credentials. */
public final class Fixtures {

    public static final String ISSUER = "capif-operator";
    public static final String AUDIENCE = "capif-invoker-management";
    public static final String BASE = "/api-invoker-management/v1";
    public static final String INVOKERS = BASE + "/onboardedInvokers";
    public static final String SPEC = "TS29222_CAPIF_API_Invoker_Management_API.yaml";

    private Fixtures() {}

    public static TestPki pki() {
        return CapifTestResource.pki();
    }

    public static Sql sql() {
        return new Sql(CapifTestResource.database(InvokerManagementTestResources.DATABASE));
    }

    /** A PEM PKCS#10 CSR for the key pair, signed with the given JCA algorithm, asking for an arbitrary subject. */
    public static String csr(KeyPair keys, String signatureAlgorithm, String subject) {
        try {
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(signatureAlgorithm);
            if (signatureAlgorithm.toUpperCase(java.util.Locale.ROOT).contains("MGF1")) {
                builder.setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()); // PSS by name
            }
            ContentSigner signer = builder.build(keys.getPrivate());
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                            new X500Name("CN=" + subject), keys.getPublic())
                    .build(signer);
            return Pem.encode(csr);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csr(KeyPair keys) {
        return csr(keys, "SHA256withECDSA", "whatever-the-invoker-wants");
    }

    /** The test Kafka broker's bootstrap servers. */
    public static String kafkaBootstrap() {
        return System.getProperty("capif-test.kafka");
    }

    private static boolean demoApisPublished;

    /**
     * Publishes the three demo APIs the tests subscribe to (as the provider management service would, through the
     * service API topic) and waits until this service's view holds them: {@code api-monitoring-event} and
     * {@code api-qos} at {@code aef-demo}, {@code api-traffic} at {@code aef-two}.
     */
    public static synchronized void demoApisPublished() {
        if (demoApisPublished) {
            return;
        }
        String kafka = kafkaBootstrap();
        ProviderSide.publish(kafka, "api-monitoring-event", "monitoring-event", "aef-demo", "OAUTH", "PKI");
        ProviderSide.publish(kafka, "api-qos", "as-session-with-qos", "aef-demo", "OAUTH");
        ProviderSide.publish(kafka, "api-traffic", "traffic-influence", "aef-two", "PKI", "OAUTH");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() ->
                        sql().count("select count(*) from published_api_view where status = 'PUBLISHED' and api_id in"
                                        + " ('api-monitoring-event', 'api-qos', 'api-traffic')")
                                == 3);
        demoApisPublished = true;
    }

    /** A valid enrolment body asking for the given published apiIds (the demo APIs, published first). */
    public static Map<String, Object> enrolment(String csr, String... apiIds) {
        demoApisPublished();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("onboardingInformation", Map.of("apiInvokerPublicKey", csr));
        body.put("notificationDestination", "https://invoker.example.com/notifications");
        body.put("apiInvokerInformation", "test invoker " + UUID.randomUUID());
        body.put("supportedFeatures", "0");
        if (apiIds.length > 0) {
            List<Map<String, Object>> apis = new ArrayList<>();
            for (String apiId : apiIds) {
                apis.add(Map.of("apiName", apiName(apiId), "apiId", apiId));
            }
            body.put("apiList", Map.of("serviceAPIDescriptions", apis));
        }
        return body;
    }

    static String apiName(String apiId) {
        return switch (apiId) {
            case "api-monitoring-event" -> "monitoring-event";
            case "api-qos" -> "as-session-with-qos";
            case "api-traffic" -> "traffic-influence";
            default -> "unknown-api";
        };
    }

    /** A fresh, valid onboarding credential signed with the operator's key. */
    public static String credential() {
        Instant now = Instant.now();
        return credential(
                operatorKey(),
                ISSUER,
                AUDIENCE,
                now,
                now.plusSeconds(600),
                UUID.randomUUID().toString());
    }

    /** A credential with every field chosen by the test (to forge, expire or mis-address it). */
    public static String credential(PrivateKey key, String iss, String aud, Instant iat, Instant exp, String jti) {
        return Jwt.issuer(iss)
                .audience(aud)
                .subject("test-app")
                .claim("jti", jti)
                .issuedAt(iat)
                .expiresAt(exp)
                .jws()
                .algorithm(SignatureAlgorithm.ES256)
                .sign(key);
    }

    public static PrivateKey operatorKey() {
        return Pem.privateKey(Pem.read(pki().credentialSigningKeyFile()));
    }

    public static KeyPair newKeys() {
        return KeyPairs.ecP256();
    }
}
