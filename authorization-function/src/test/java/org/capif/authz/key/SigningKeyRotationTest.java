package org.capif.authz.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.authz.Tokens;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.testing.CapifTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation without downtime: a new key is published before it signs, tokens signed with the old key keep verifying
 * while it stays published, and a broken key directory never stops token issuance.
 */
@QuarkusTest
class SigningKeyRotationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Inject
    SigningKeys keys;

    private final Path dir = CapifTestResource.pki().tokenKeysDir();

    @AfterEach
    void restore() throws Exception {
        Files.deleteIfExists(dir.resolve("k2.key"));
        Files.writeString(dir.resolve("active-kid"), "k1\n");
        keys.reload();
    }

    private static String kid(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]))
                .replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void rotateWhenNewKeyAddedThenActivatedThenOldRemovedThenTokensFollowAndOldTokensVerifyMeanwhile()
            throws Exception {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        String oldToken =
                api.token(i.credential(), i.id(), (String) null).jsonPath().getString("access_token");
        assertThat(kid(oldToken)).isEqualTo("k1");

        CapifTestResource.pki()
                .write("token-keys/k2.key", Pem.encode(KeyPairs.ecP256().getPrivate()));
        keys.reload();
        String jwks = api.spec(i.credential()).get("/.well-known/jwks.json").asString();
        assertThat(jwks).contains("\"kid\":\"k1\"").contains("\"kid\":\"k2\"");
        assertThat(kid(api.token(i.credential(), i.id(), (String) null)
                        .jsonPath()
                        .getString("access_token")))
                .isEqualTo("k1");

        Files.writeString(dir.resolve("active-kid"), "k2\n");
        keys.reload();
        String newToken =
                api.token(i.credential(), i.id(), (String) null).jsonPath().getString("access_token");
        assertThat(kid(newToken)).isEqualTo("k2");
        String both = api.spec(i.credential()).get("/.well-known/jwks.json").asString();
        assertThat(Tokens.verify(oldToken, both).getSubject()).isEqualTo(i.id());
        assertThat(Tokens.verify(newToken, both).getSubject()).isEqualTo(i.id());

        Path k1 = dir.resolve("k1.key");
        String k1Pem = Files.readString(k1);
        Files.delete(k1);
        try {
            keys.reload();
            String onlyNew =
                    api.spec(i.credential()).get("/.well-known/jwks.json").asString();
            assertThat(onlyNew).doesNotContain("\"kid\":\"k1\"");
            assertThatThrownBy(() -> Tokens.verify(oldToken, onlyNew)).isNotNull();
        } finally {
            CapifTestResource.pki().write("token-keys/k1.key", k1Pem);
        }
    }

    @Test
    void reloadWhenActiveKidNamesMissingKeyThenPreviousKeysStayInUse() throws Exception {
        Files.writeString(dir.resolve("active-kid"), "does-not-exist\n");
        keys.reload();
        assertThat(keys.active().kid()).isEqualTo("k1");
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void reloadWhenKeyIsOnAnother256BitCurveThenRefusedAndNeverPublished() throws Exception {
        // defect: the field-size check let a secp256k1 key through, published in the JWK Set as crv P-256
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(
                "EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256k1"));
        java.security.PrivateKey secp256k1 = g.generateKeyPair().getPrivate();
        // the key itself loads: only the curve check can keep it out
        assertThat(Pem.privateKey(Pem.encode(secp256k1))).isInstanceOf(java.security.interfaces.ECPrivateKey.class);
        CapifTestResource.pki().write("token-keys/k2.key", Pem.encode(secp256k1));
        Files.writeString(dir.resolve("active-kid"), "k2\n");
        keys.reload();
        assertThat(keys.active().kid()).isEqualTo("k1");
        assertThat(keys.published("k2")).isNull();
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        String jwks = api.spec(i.credential()).get("/.well-known/jwks.json").asString();
        assertThat(jwks).contains("\"kid\":\"k1\"").doesNotContain("\"kid\":\"k2\"");
    }
}
