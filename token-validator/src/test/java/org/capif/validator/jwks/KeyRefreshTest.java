package org.capif.validator.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.net.URL;
import java.security.KeyPair;
import org.capif.testing.pki.Credential;
import org.capif.validator.SigningKeys;
import org.capif.validator.ValidatorTestResources;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/** The JWK Set is refreshed when a token names a new key, at a bounded rate. */
@QuarkusTest
class KeyRefreshTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);

    @Test
    void decideWhenTokenSignedWithNewlyPublishedKeyThenKeySetRefreshedAndAllowed() {
        World.Invoker i = World.onboard();
        World.awaitDecision(
                base,
                aef,
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("OK"));
        KeyPair k2 = SigningKeys.publish("k-rotated");
        String token = World.token(World.claims(i), "k-rotated", "at+jwt", SignatureAlgorithm.ES256, k2.getPrivate());
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", i.credential().thumbprint(), World.reason("OK"));
    }

    /** A token of the invoker signed with {@code keys} under {@code kid}, allowed once (so verified and cached). */
    private String allowedToken(World.Invoker i, String kid, KeyPair keys) {
        String token = World.token(World.claims(i), kid, "at+jwt", SignatureAlgorithm.ES256, keys.getPrivate());
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", i.credential().thumbprint(), World.reason("OK"));
        return token;
    }

    private String reason(World.Invoker i, String token) {
        return World.decide(
                        base, aef, token, "as-session-with-qos", i.credential().thumbprint())
                .jsonPath()
                .getString("reason");
    }

    /**
     * Makes the validator fetch the key set again (a token naming an unknown key does) until the earlier token is no
     * longer allowed, and returns why it is refused now.
     */
    private String reasonAfterRefresh(World.Invoker i, String token, String probeKid) {
        String probe = World.token(
                World.claims(i),
                probeKid,
                "at+jwt",
                SignatureAlgorithm.ES256,
                SigningKeys.get("k1").getPrivate());
        World.awaitDecision(
                base, aef, probe, "as-session-with-qos", i.credential().thumbprint(), r -> !reason(i, token)
                        .equals("OK"));
        return reason(i, token);
    }

    @Test
    void decideWhenKeyWithdrawnThenTokensVerifiedEarlierWithItAreRefused() {
        World.Invoker i = World.onboard();
        String token = allowedToken(i, "k-withdrawn", SigningKeys.publish("k-withdrawn"));
        SigningKeys.withdraw("k-withdrawn");
        assertThat(reasonAfterRefresh(i, token, "unknown-probe")).isEqualTo("UNKNOWN_KEY");
    }

    @Test
    void decideWhenKeyReplacedUnderTheSameKidThenTokensVerifiedEarlierAreRefused() {
        World.Invoker i = World.onboard();
        String token = allowedToken(i, "k-replaced", SigningKeys.publish("k-replaced"));
        SigningKeys.replace("k-replaced");
        assertThat(reasonAfterRefresh(i, token, "unknown-probe-2")).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void decideWhenManyTokensNameUnknownKeysThenKeySetFetchedAtBoundedRate() throws Exception {
        World.Invoker i = World.onboard();
        Thread.sleep(600);
        int before = ValidatorTestResources.Jwks.server().fetches();
        long start = System.nanoTime();
        for (int n = 0; n < 40; n++) {
            String token = World.token(
                    World.claims(i),
                    "unknown-" + n,
                    "at+jwt",
                    SignatureAlgorithm.ES256,
                    SigningKeys.get("k1").getPrivate());
            assertThat(World.decide(
                                    base,
                                    aef,
                                    token,
                                    "as-session-with-qos",
                                    i.credential().thumbprint())
                            .jsonPath()
                            .getString("reason"))
                    .isEqualTo("UNKNOWN_KEY");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int fetched = ValidatorTestResources.Jwks.server().fetches() - before;
        // at most one fetch per min-refresh-interval (0.5 s in tests), whatever the number of bad tokens
        assertThat(fetched).isLessThanOrEqualTo((int) Math.ceil(seconds / 0.5) + 1);
    }

    /** A raw EC JWK under crv P-256 with the given coordinates. */
    private static String p256Jwk(String kid, java.math.BigInteger x, java.math.BigInteger y) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\"" + coordinate(x) + "\",\"y\":\""
                + coordinate(y) + "\"}";
    }

    private static String coordinate(java.math.BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, 32 - len, len);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    @Test
    void decideWhenJwkSetCarriesAnOffCurveKeyThenThatKidIsUnknownAndTheOtherKeysServe() {
        // defect: the old reader built a key from any x and y under crv P-256, and failed the whole set when the
        // provider refused one, so a key published next to it was never learned
        World.Invoker i = World.onboard();
        var k1 = (java.security.interfaces.ECPublicKey) SigningKeys.get("k1").getPublic();
        String offCurve = p256Jwk(
                "k-off-curve", k1.getW().getAffineX(), k1.getW().getAffineY().add(java.math.BigInteger.ONE));
        String zero = p256Jwk("k-zero", java.math.BigInteger.ZERO, java.math.BigInteger.ZERO);
        SigningKeys.publishRaw(offCurve);
        SigningKeys.publishRaw(zero);
        KeyPair fresh = SigningKeys.publish("k-next-to-bad-ones");
        try {
            allowedToken(i, "k-next-to-bad-ones", fresh);
            for (String kid : new String[] {"k-off-curve", "k-zero"}) {
                String token = World.token(
                        World.claims(i),
                        kid,
                        "at+jwt",
                        SignatureAlgorithm.ES256,
                        SigningKeys.get("k1").getPrivate());
                assertThat(reason(i, token)).as(kid).isEqualTo("UNKNOWN_KEY");
            }
        } finally {
            SigningKeys.withdrawRaw(offCurve);
            SigningKeys.withdrawRaw(zero);
        }
    }
}
