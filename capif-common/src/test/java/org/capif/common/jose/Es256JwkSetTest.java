package org.capif.common.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Map;
import org.capif.common.cert.KeyPairs;
import org.junit.jupiter.api.Test;

/** The JWK Set written with public parts only, and read keeping only what may verify an ES256 token. */
class Es256JwkSetTest {

    private static final ECPublicKey K1 = (ECPublicKey) KeyPairs.ecP256().getPublic();

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** One EC JWK with raw members. */
    private static String ec(String kid, String crv, String x, String y, String extra) {
        return "{\"kty\":\"EC\",\"crv\":\"" + crv + "\",\"kid\":" + kid + ",\"x\":\"" + x + "\",\"y\":\"" + y + "\""
                + extra + "}";
    }

    private static String x(ECPublicKey k) {
        return b64(fixed(k.getW().getAffineX()));
    }

    private static String y(ECPublicKey k) {
        return b64(fixed(k.getW().getAffineY()));
    }

    private static byte[] fixed(java.math.BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, 32 - len, len);
        return out;
    }

    @Test
    void writeWhenKeysThenPublicPartsOnlyAndReadBackEqual() {
        String json = Es256JwkSet.write(Map.of("k1", K1));
        assertThat(json).contains("\"kid\":\"k1\"", "\"use\":\"sig\"", "\"alg\":\"ES256\"", "\"crv\":\"P-256\"");
        assertThat(json).doesNotContain("\"d\"");
        assertThat(Es256JwkSet.read(json)).containsOnlyKeys("k1");
        assertThat(Es256JwkSet.read(json).get("k1")).isEqualTo(K1);
    }

    @Test
    void readWhenPointIsNotOnTheCurveThenLeftOut() {
        // defect: the old reader built a key from any x and y, and jose4j does too; (0,0) is no point of P-256
        String zero = b64(new byte[32]);
        String set = "{\"keys\":[" + ec("\"bad\"", "P-256", zero, zero, "") + ","
                + ec(
                        "\"bent\"",
                        "P-256",
                        x(K1),
                        b64(fixed(K1.getW().getAffineY().add(java.math.BigInteger.ONE))),
                        "")
                + "," + ec("\"k1\"", "P-256", x(K1), y(K1), "") + "]}";
        assertThat(Es256JwkSet.read(set)).containsOnlyKeys("k1");
    }

    @Test
    void readWhenKeysCannotVerifyEs256ThenLeftOut() {
        ECPublicKey p384 = (ECPublicKey) KeyPairs.ec("secp384r1").getPublic();
        String set = "{\"keys\":["
                + ec(
                        "\"p384\"",
                        "P-384",
                        b64(fixed384(p384.getW().getAffineX())),
                        b64(fixed384(p384.getW().getAffineY())),
                        "")
                + "," + ec("\"k1-as-k256\"", "secp256k1", x(K1), y(K1), "")
                + "," + ec("\"enc\"", "P-256", x(K1), y(K1), ",\"use\":\"enc\"")
                + "," + ec("\"rs\"", "P-256", x(K1), y(K1), ",\"alg\":\"RS256\"")
                + "," + ec("\"sign-only\"", "P-256", x(K1), y(K1), ",\"key_ops\":[\"sign\"]")
                + "," + ec("5", "P-256", x(K1), y(K1), "")
                + "," + ec("null", "P-256", x(K1), y(K1), "")
                + ",{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"" + b64(K1.getEncoded()) + "\"}"
                + ",{\"kty\":\"RSA\",\"kid\":\"rsa\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"
                + ","
                + ec("\"ok\"", "P-256", x(K1), y(K1), ",\"use\":\"sig\",\"alg\":\"ES256\",\"key_ops\":[\"verify\"]")
                + "]}";
        assertThat(Es256JwkSet.read(set)).containsOnlyKeys("ok");
    }

    @Test
    void readWhenTwoKeysShareAKidThenNeitherIsUsed() {
        ECPublicKey k2 = (ECPublicKey) KeyPairs.ecP256().getPublic();
        String set = "{\"keys\":[" + ec("\"same\"", "P-256", x(K1), y(K1), "") + ","
                + ec("\"same\"", "P-256", x(k2), y(k2), "") + "," + ec("\"k2\"", "P-256", x(k2), y(k2), "") + "]}";
        assertThat(Es256JwkSet.read(set)).containsOnlyKeys("k2");
    }

    @Test
    void readWhenNotAJwkSetThenIllegalArgument() {
        for (String bad : new String[] {"", "[]", "{}", "{\"keys\":5}", "{\"keys\":[5]}", "{\"keys\":\"x\"}", "null"}) {
            assertThatThrownBy(() -> Es256JwkSet.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Es256JwkSet.read("{\"keys\":[]}")).isEmpty();
    }

    private static byte[] fixed384(java.math.BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[48];
        int len = Math.min(raw.length, 48);
        System.arraycopy(raw, raw.length - len, out, 48 - len, len);
        return out;
    }
}
