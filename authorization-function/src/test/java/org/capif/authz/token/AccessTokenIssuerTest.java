package org.capif.authz.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.capif.authz.key.SigningKeys;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.common.jose.AccessTokenJws;
import org.capif.common.scope.CapifScope;
import org.capif.testing.jose.RawJws;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * The hand serializer of {@link AccessTokenIssuer} (kept for speed, docs/decisions.md D9) against jose4j, on many
 * random tokens: every token verifies with jose4j and parses to exactly the claims jose4j itself would have written
 * for the same inputs (same names, values and types, nothing more); its signature is low-S; and it passes the token
 * validator's own checks ({@link AccessTokenJws}). Issuers include characters JSON must escape.
 */
@QuarkusTest
class AccessTokenIssuerTest {

    private static final String ID_FIRST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ID_REST = ID_FIRST + "._-";
    private static final String B64URL = ID_FIRST + "-_";
    private static final List<String> ISSUERS = List.of(
            "https://capif.test/capif-security",
            "https://capif.example.com:8444/capif-security/",
            "issuer with \"quotes\", a \\ backslash and </script>",
            "unicode é ✓ \uD834\uDD1E and separators \u2028\u2029",
            "control \u0000\u0001\t\n\r\u001f and \u007f");

    @Inject
    SigningKeys keys;

    @Inject
    ObjectMapper json;

    private final Random random = new Random(20261203L);

    private String id(String first, String rest, int maxLength) {
        StringBuilder sb = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int length = random.nextInt(maxLength);
        for (int i = 0; i < length; i++) {
            sb.append(rest.charAt(random.nextInt(rest.length())));
        }
        return sb.toString();
    }

    private CapifScope scope() {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        int aefs = 1 + random.nextInt(3);
        for (int a = 0; a < aefs; a++) {
            String aef = id(ID_FIRST, ID_REST, 30);
            int apis = 1 + random.nextInt(3);
            for (int p = 0; p < apis; p++) {
                pairs.add(Map.entry(aef, id(ID_FIRST, ID_REST, 30)));
            }
        }
        return CapifScope.of(pairs);
    }

    /** The claims as jose4j writes them for the same inputs, read back by jose4j (so numbers have jose4j's types). */
    private static Map<String, Object> expected(
            String issuer, String invoker, CapifScope scope, long iat, long exp, String jti, String thumbprint)
            throws Exception {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setSubject(invoker);
        c.setClaim("client_id", invoker);
        c.setClaim("aud", scope.aefIds());
        c.setClaim("scope", scope.toString());
        c.setIssuedAt(NumericDate.fromSeconds(iat));
        c.setExpirationTime(NumericDate.fromSeconds(exp));
        c.setJwtId(jti);
        c.setClaim("cnf", Map.of("x5t#S256", thumbprint));
        return JwtClaims.parse(c.toJson()).getClaimsMap();
    }

    @Test
    void issueWhenManyRandomTokensThenJose4jReadsExactlyTheIntendedClaimsAndEverySignatureIsLowS() throws Exception {
        SigningKeys.SigningKey key = keys.active();
        int tokens = 0;
        for (String issuer : ISSUERS) {
            Duration lifetime = Duration.ofSeconds(1 + random.nextInt(3600));
            AccessTokenIssuer issuerUnderTest = new AccessTokenIssuer(keys, issuer, lifetime, json);
            for (int n = 0; n < 400; n++, tokens++) {
                String invoker = id(ID_FIRST, ID_REST, 127);
                CapifScope scope = scope();
                String thumbprint = id(B64URL, B64URL, 42);
                long iat = (long) (random.nextDouble() * (AccessTokenClaims.MAX_NUMERIC_DATE - 3600));
                AccessTokenIssuer.Issued issued =
                        issuerUnderTest.issue(invoker, scope, thumbprint, Instant.ofEpochSecond(iat));
                String token = issued.token();

                assertThat(RawJws.isLowS(token)).as("low-S signature").isTrue();

                JsonWebSignature jws = new JsonWebSignature();
                jws.setCompactSerialization(token);
                jws.setAlgorithmConstraints(
                        new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256"));
                jws.setKey(key.publicKey());
                assertThat(jws.verifySignature()).isTrue();
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("alg", "ES256");
                header.put("typ", "at+jwt");
                header.put("kid", key.kid());
                assertThat(JsonUtil.parseJson(jws.getHeaders().getFullHeaderAsJsonString()))
                        .isEqualTo(header);
                long exp = iat + lifetime.toSeconds();
                assertThat(JwtClaims.parse(jws.getPayload()).getClaimsMap())
                        .as(issuer)
                        .isEqualTo(expected(issuer, invoker, scope, iat, exp, issued.jti(), thumbprint));

                AccessTokenJws checked = AccessTokenJws.parse(token);
                assertThat(checked.verifies(key.publicKey())).isTrue();
                AccessTokenClaims claims = checked.claims();
                assertThat(claims.iss()).isEqualTo(issuer);
                assertThat(claims.sub()).isEqualTo(invoker);
                assertThat(claims.aud()).isEqualTo(scope.aefIds());
                assertThat(claims.scope().toString()).isEqualTo(scope.toString());
                assertThat(claims.exp()).isEqualTo(exp);
                assertThat(claims.x5tS256()).isEqualTo(thumbprint);
            }
        }
        assertThat(tokens).isEqualTo(2000);
    }
}
