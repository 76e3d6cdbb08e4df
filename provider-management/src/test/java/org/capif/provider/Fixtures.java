package org.capif.provider;

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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.pki.TestPki;

/** Small factories for provider management tests: keys, CSRs, registration and service API bodies, credentials. */
public final class Fixtures {

    public static final String ISSUER = "capif-operator";
    public static final String AUDIENCE = "capif-provider-management";
    public static final String REGISTRATIONS = "/api-provider-management/v1/registrations";
    public static final String PROVIDER_SPEC = "TS29222_CAPIF_API_Provider_Management_API.yaml";
    public static final String PUBLISH_SPEC = "TS29222_CAPIF_Publish_Service_API.yaml";

    private Fixtures() {}

    public static TestPki pki() {
        return CapifTestResource.pki();
    }

    public static Sql sql() {
        return new Sql(CapifTestResource.database(ProviderManagementTestResources.DATABASE));
    }

    public static String kafka() {
        return System.getProperty("capif-test.kafka");
    }

    /** A PEM PKCS#10 CSR for the key pair, signed with the given JCA algorithm, asking for an arbitrary subject. */
    public static String csr(KeyPair keys, String signatureAlgorithm, String subject) {
        try {
            return Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csr(KeyPair keys) {
        return csr(keys, "SHA256withECDSA", "whatever-the-provider-wants");
    }

    /** One function of a registration request: its role, key pair and the body entry. */
    public record Function(String role, KeyPair keys, Map<String, Object> body) {}

    /** A new function of the given role with a fresh key and CSR. */
    public static Function function(String role) {
        KeyPair keys = KeyPairs.ecP256();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("regInfo", Map.of("apiProvPubKey", csr(keys)));
        body.put("apiProvFuncRole", role);
        body.put("apiProvFuncInfo", role.toLowerCase() + " of a test provider");
        return new Function(role, keys, body);
    }

    /** A registration body with these functions (in this order) and the credential as regSec. */
    public static Map<String, Object> registration(String regSec, List<Function> functions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("regSec", regSec);
        List<Map<String, Object>> funcs = new ArrayList<>();
        functions.forEach(f -> funcs.add(f.body()));
        body.put("apiProvFuncs", funcs);
        body.put("apiProvDomInfo", "test provider " + UUID.randomUUID());
        body.put("suppFeat", "0");
        return body;
    }

    /** A fresh, valid registration credential signed with the operator's key. */
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
                .subject("test-provider")
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

    /** A publishable service API description at the given AEFs (one profile each, OAUTH and PKI, JSON over HTTP/1.1). */
    public static Map<String, Object> serviceApi(String apiName, String... aefIds) {
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (String aefId : aefIds) {
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("aefId", aefId);
            profile.put(
                    "versions",
                    List.of(Map.of(
                            "apiVersion",
                            "v1",
                            "resources",
                            List.of(Map.of(
                                    "resourceName",
                                    "subscriptions",
                                    "commType",
                                    "REQUEST_RESPONSE",
                                    "uri",
                                    "/subscriptions/{subscriptionId}",
                                    "operations",
                                    List.of("GET", "DELETE"))))));
            profile.put("protocol", "HTTP_1_1");
            profile.put("dataFormat", "JSON");
            profile.put("securityMethods", List.of("OAUTH", "PKI"));
            profile.put("interfaceDescriptions", List.of(Map.of("fqdn", "api.provider.example.com", "port", 443)));
            profiles.add(profile);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiName", apiName);
        body.put("aefProfiles", profiles);
        body.put("description", "test API " + apiName);
        body.put("supportedFeatures", "0");
        return body;
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
