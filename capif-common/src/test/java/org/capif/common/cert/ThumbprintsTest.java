package org.capif.common.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThumbprintsTest {

    @Test
    void x5tS256WhenBytesThenBase64UrlOfSha256WithoutPadding() {
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
        assertThat(Thumbprints.x5tS256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    @Test
    void matchesWhenEqualThenTrueOtherwiseFalse() {
        assertThat(Thumbprints.matches("abc", "abc")).isTrue();
        assertThat(Thumbprints.matches("abc", "abd")).isFalse();
        assertThat(Thumbprints.matches("abc", null)).isFalse();
        assertThat(Thumbprints.matches(null, "abc")).isFalse();
    }
}
