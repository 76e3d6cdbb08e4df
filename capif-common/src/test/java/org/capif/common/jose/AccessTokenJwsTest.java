package org.capif.common.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import org.capif.common.cert.KeyPairs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The structural, header and signature checks of {@link AccessTokenJws}, each refusal provoked on its own. Most of these
 * tokens were accepted by the hand-written parser this class replaces (padding, stray bits, high-S twins, crit,
 * b64, kids that are not strings): each test names the defect it pins down.
 */
class AccessTokenJwsTest {

    private static TokenRefusal refusal(String token) {
        try {
            AccessTokenJws.parse(token);
            return null;
        } catch (TokenRefusedException e) {
            return e.refusal();
        }
    }

    @Test
    void parseWhenWellFormedThenKidAndVerifiesWithTheKeyOnly() {
        AccessTokenJws jws = AccessTokenJws.parse(Jws.sign(Jws.HEADER, Jws.claims()));
        assertThat(jws.kid()).isEqualTo("k1");
        assertThat(jws.verifies(KeyPairs.ecP256().getPublic())).isFalse();
        assertThat(jws.verifies(Jws.KEY.getPublic())).isTrue();
        assertThat(jws.claims().sub()).isEqualTo("inv-1");
    }

    @Test
    void parseWhenNotThreeNonEmptyPartsThenMalformed() {
        String good = Jws.sign(Jws.HEADER, Jws.claims());
        String[] p = good.split("\\.");
        assertThat(refusal(null)).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal("")).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(p[0] + "." + p[1])).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(good + ".")).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(p[0] + ".." + p[2])).isEqualTo(TokenRefusal.MALFORMED);
        // a JWE, or a nested token, has five parts
        assertThat(refusal(good + ".AAAA.BBBB")).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal("a".repeat(AccessTokenJws.MAX_LENGTH) + ".b.c")).isEqualTo(TokenRefusal.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void parseWhenAnyPartPaddedThenMalformed(int part) {
        // defect: jose4j's and the old parser's decoders accept '=' padding, a second string for the same token
        String[] p = Jws.sign(Jws.HEADER, Jws.claims()).split("\\.");
        int missing = (4 - p[part].length() % 4) % 4;
        p[part] = p[part] + "=".repeat(missing == 0 ? 1 : missing);
        assertThat(refusal(String.join(".", p))).isEqualTo(TokenRefusal.MALFORMED);
    }

    @Test
    void parseWhenTrailingBitsOfTheLastCharacterAreSetThenMalformed() {
        // defect: a 64-byte signature ends in a character whose two low bits are unused; setting them decodes to the
        // same bytes, so the old parser accepted three more strings for every token
        String token = Jws.sign(Jws.HEADER, Jws.claims());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        char twin = alphabet.charAt(alphabet.indexOf(last) | 1);
        assertThat(twin).isNotEqualTo(last);
        String variant = token.substring(0, token.length() - 1) + twin;
        assertThat(Base64.getUrlDecoder().decode(variant.split("\\.")[2]))
                .isEqualTo(Base64.getUrlDecoder().decode(token.split("\\.")[2]));
        assertThat(refusal(variant)).isEqualTo(TokenRefusal.MALFORMED);
    }

    @Test
    void parseWhenCharactersOutsideBase64urlThenMalformed() {
        String token = Jws.sign(Jws.HEADER, Jws.claims());
        int dot = token.indexOf('.');
        assertThat(refusal(token.substring(0, 4) + " " + token.substring(4))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(token.substring(0, dot) + "!" + token.substring(dot)))
                .isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(token.replace('-', '+').replace('_', '/') + "+/")).isEqualTo(TokenRefusal.MALFORMED);
    }

    @Test
    void parseWhenHeaderHasDuplicateMembersOrIsNotAnObjectThenMalformed() {
        String claims = Jws.claims();
        assertThat(refusal(Jws.sign("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"k1\",\"alg\":\"ES256\"}", claims)))
                .isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(Jws.sign("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"k1\",\"alg\":\"ES256\"}", claims)))
                .isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(Jws.sign("[\"alg\",\"ES256\"]", claims))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(refusal(Jws.sign("{\"alg\":\"ES256\"", claims))).isEqualTo(TokenRefusal.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\"JWT\"", "\"AT+JWT\"", "\"application/at+jwt\"", "\"at+jwt \"", "5", "null", "[\"at+jwt\"]"})
    void parseWhenTypIsAnyVariantThenWrongType(String typ) {
        String header = "{\"alg\":\"ES256\",\"typ\":" + typ + ",\"kid\":\"k1\"}";
        assertThat(refusal(Jws.sign(header, Jws.claims()))).isEqualTo(TokenRefusal.WRONG_TYPE);
        assertThat(refusal(Jws.sign("{\"alg\":\"ES256\",\"kid\":\"k1\"}", Jws.claims())))
                .isEqualTo(TokenRefusal.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"none\"", "\"es256\"", "\"Es256\"", "\"HS256\"", "\"ES384\"", "\"RS256\"", "256", "null"})
    void parseWhenAlgIsNotExactlyEs256ThenAlgorithmNotAllowed(String alg) {
        String header = "{\"alg\":" + alg + ",\"typ\":\"at+jwt\",\"kid\":\"k1\"}";
        assertThat(refusal(Jws.sign(header, Jws.claims()))).isEqualTo(TokenRefusal.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"crit\":[]",
                "\"crit\":[\"exp\"],\"exp\":1",
                "\"crit\":[\"kid\"]",
                "\"crit\":null",
                "\"crit\":\"b64\"",
                "\"crit\":[\"b64\"],\"b64\":false",
                "\"b64\":false",
                "\"b64\":true"
            })
    void parseWhenCritOrB64ThenUnsupportedCriticalHeader(String member) {
        // defect: the old parser ignored crit, so an extension the issuer marked as must-understand was not understood
        String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"," + member + "}";
        assertThat(refusal(Jws.sign(header, Jws.claims()))).isEqualTo(TokenRefusal.UNSUPPORTED_CRITICAL_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "null", "[\"k1\"]", "{\"kid\":\"k1\"}", "true"})
    void parseWhenKidIsNotAStringThenMalformed(String kid) {
        // defect: the old parser treated these as a missing kid, and the key lookup then threw (a 500)
        String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":" + kid + "}";
        assertThat(refusal(Jws.sign(header, Jws.claims()))).isEqualTo(TokenRefusal.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ",\"jku\":\"https://127.0.0.1:1/jwks.json\"",
                ",\"x5u\":\"https://127.0.0.1:1/cert.pem\"",
                ",\"x5c\":[\"MIIB\"]",
                ",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}"
            })
    void parseWhenNoKidThenNoKeyWhateverElseTheHeaderCarries(String member) {
        AccessTokenJws jws =
                AccessTokenJws.parse(Jws.sign("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"" + member + "}", Jws.claims()));
        assertThat(jws.kid()).isNull();
    }

    @Test
    void verifiesWhenEmbeddedJwkSignedTheTokenThenOnlyThePublishedKeyCounts() throws Exception {
        var attacker = KeyPairs.ecP256();
        String jwk = org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(attacker.getPublic())
                .toJson();
        String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"k1\",\"jwk\":" + jwk + "}";
        AccessTokenJws jws = AccessTokenJws.parse(Jws.signParts(Jws.b64(header), Jws.b64(Jws.claims()), attacker));
        assertThat(jws.verifies(Jws.KEY.getPublic())).isFalse();
    }

    @Test
    void verifiesWhenHighSTwinOfAValidSignatureThenFalse() {
        // defect: ECDSA accepts (r, n - s) as well as (r, s): a second string for every token
        String token = Jws.sign(Jws.HEADER, Jws.claims());
        String[] p = token.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(p[2]);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] high = P256.N.subtract(s).toByteArray();
        byte[] twin = Arrays.copyOf(sig, 64);
        Arrays.fill(twin, 32, 64, (byte) 0);
        int len = Math.min(high.length, 32);
        System.arraycopy(high, high.length - len, twin, 64 - len, len);
        String twinToken = p[0] + "." + p[1] + "." + Jws.b64(twin);
        assertThat(AccessTokenJws.parse(token).verifies(Jws.KEY.getPublic())).isTrue();
        assertThat(AccessTokenJws.parse(twinToken).verifies(Jws.KEY.getPublic()))
                .isFalse();
    }

    @Test
    void verifiesWhenSignatureIsDerOrWrongLengthOrZeroThenFalse() throws Exception {
        String[] p = Jws.sign(Jws.HEADER, Jws.claims()).split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(p[2]);
        byte[] der = org.jose4j.jws.EcdsaUsingShaAlgorithm.convertConcatenatedToDer(sig);
        for (byte[] bad : new byte[][] {der, Arrays.copyOf(sig, 63), Arrays.copyOf(sig, 65), new byte[64]}) {
            AccessTokenJws jws = AccessTokenJws.parse(p[0] + "." + p[1] + "." + Jws.b64(bad));
            assertThat(jws.verifies(Jws.KEY.getPublic())).isFalse();
        }
    }

    @Test
    void verifiesWhenKeyIsNotP256ThenFalse() {
        AccessTokenJws jws = AccessTokenJws.parse(Jws.sign(Jws.HEADER, Jws.claims()));
        assertThat(jws.verifies(KeyPairs.ec("secp384r1").getPublic())).isFalse();
        assertThat(jws.verifies(KeyPairs.rsa(2048).getPublic())).isFalse();
        assertThat(jws.verifies(null)).isFalse();
        assertThat(jws.verifies(P256Test.onAnotherCurve(Jws.KEY.getPublic()))).isFalse();
    }

    @Test
    void claimsWhenSignatureNotVerifiedThenRefusedToRead() {
        AccessTokenJws jws = AccessTokenJws.parse(Jws.sign(Jws.HEADER, Jws.claims()));
        assertThatThrownBy(jws::claims).isInstanceOf(IllegalStateException.class);
    }
}
