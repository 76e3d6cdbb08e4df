package org.capif.common.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claims are read by type, strictly, and only from a verified token: a claim of the wrong type is {@code MALFORMED},
 * never truncated, overflowed or dropped (the hand-written parser this replaces truncated 1.5 to 1, dropped non-string
 * audiences and let exp near Long.MAX_VALUE overflow the lifetime arithmetic).
 */
class AccessTokenClaimsTest {

    private static final long NOW = Instant.now().getEpochSecond();

    /** The claims of a token with these claims, or the refusal. */
    private static Object read(String claims) {
        AccessTokenJws jws = AccessTokenJws.parse(Jws.sign(Jws.HEADER, claims));
        assertThat(jws.verifies(Jws.KEY.getPublic())).isTrue();
        try {
            return jws.claims();
        } catch (TokenRefusedException e) {
            return e.refusal();
        }
    }

    private static String with(String member, String value) {
        return Jws.claims()
                .replaceFirst(
                        "\"" + member + "\":(\\[[^\\]]*\\]|\\{[^}]*\\}|\"[^\"]*\"|[0-9]+)",
                        "\"" + member + "\":" + value);
    }

    @Test
    void claimsWhenAsIssuedThenEveryField() {
        AccessTokenClaims c =
                (AccessTokenClaims) read(Jws.claims("\"iat\":" + NOW + ",\"exp\":" + (NOW + 600) + ",\"nbf\":" + NOW));
        assertThat(c.iss()).isEqualTo("https://capif.test/capif-security");
        assertThat(c.sub()).isEqualTo("inv-1");
        assertThat(c.clientId()).isEqualTo("inv-1");
        assertThat(c.aud()).containsExactly("aef-demo");
        assertThat(c.scope().grants("aef-demo", "api")).isTrue();
        assertThat(c.iat()).isEqualTo(NOW);
        assertThat(c.exp()).isEqualTo(NOW + 600);
        assertThat(c.nbf()).isEqualTo(NOW);
        assertThat(c.jti()).isEqualTo("j-1");
        assertThat(c.x5tS256()).isEqualTo("thumb");
        assertThat(((AccessTokenClaims) read(with("aud", "\"aef-demo\""))).aud())
                .containsExactly("aef-demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "null", "{}", "[]", "[5]", "[\"aef-demo\",5]", "[[\"aef-demo\"]]", "true"})
    void claimsWhenAudIsOfAnotherTypeThenMalformed(String aud) {
        assertThat(read(with("aud", aud))).isEqualTo(TokenRefusal.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.5",
                "1e9",
                "1700000000.0",
                "-1",
                "\"1700000000\"",
                "9223372036854775807",
                "99999999999999999999999999",
                "253402300800",
                "null",
                "true"
            })
    void claimsWhenNumericDateIsNotABoundedIntegerThenMalformed(String value) {
        assertThat(read(Jws.claims("\"iat\":" + value + ",\"exp\":" + (NOW + 600))))
                .isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(Jws.claims("\"iat\":" + NOW + ",\"exp\":" + value))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(Jws.claims("\"iat\":" + NOW + ",\"exp\":" + (NOW + 600) + ",\"nbf\":" + value)))
                .isEqualTo(TokenRefusal.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "client_id", "scope", "jti", "cnf", "iat", "exp", "aud"})
    void claimsWhenAClaimIsMissingThenMalformed(String member) {
        String claims = with(member, "0").replace("\"" + member + "\":0,", "").replace(",\"" + member + "\":0", "");
        assertThat(claims).doesNotContain("\"" + member + "\"");
        assertThat(read(claims)).isEqualTo(TokenRefusal.MALFORMED);
    }

    @Test
    void claimsWhenTypesOrValuesAreWrongThenMalformed() {
        assertThat(read(with("sub", "\"someone-else\""))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(with("iss", "5"))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(with("jti", "\"\""))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(with("scope", "\"everything\""))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(with("cnf", "{\"x5t#S256\":5}"))).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read(with("cnf", "\"thumb\""))).isEqualTo(TokenRefusal.MALFORMED);
    }

    @Test
    void claimsWhenDuplicateMembersOrNotJsonOrNotUtf8ThenMalformed() {
        // defect: the old parser (Jackson defaults) kept the last of two "sub" members
        String duplicated = Jws.claims().replace("\"sub\":\"inv-1\"", "\"sub\":\"inv-1\",\"sub\":\"inv-2\"");
        assertThat(read(duplicated)).isEqualTo(TokenRefusal.MALFORMED);
        assertThat(read("[1]")).isEqualTo(TokenRefusal.MALFORMED);
        // a nested JWT's payload is a compact serialization, not a claim set
        assertThat(read(Jws.sign(Jws.HEADER, Jws.claims()))).isEqualTo(TokenRefusal.MALFORMED);
        String invalidUtf8 = Jws.signParts(
                Jws.b64(Jws.HEADER),
                Jws.b64(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}),
                Jws.KEY);
        AccessTokenJws jws = AccessTokenJws.parse(invalidUtf8);
        assertThat(jws.verifies(Jws.KEY.getPublic())).isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(TokenRefusedException.class, jws::claims)
                        .refusal())
                .isEqualTo(TokenRefusal.MALFORMED);
    }
}
