package org.capif.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictFormReaderTest {

    private static MultivaluedMap<String, String> parse(String body) {
        return StrictFormReader.parse(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parseWhenWellFormedThenDecodesPlusPercentAndUtf8() {
        MultivaluedMap<String, String> form =
                parse("grant_type=client_credentials&scope=3gpp%23aef%3Aapi+x&name=caf%C3%A9&empty=&flag");
        assertThat(form.getFirst("grant_type")).isEqualTo("client_credentials");
        assertThat(form.getFirst("scope")).isEqualTo("3gpp#aef:api x");
        assertThat(form.getFirst("name")).isEqualTo("café");
        assertThat(form.getFirst("empty")).isEmpty();
        assertThat(form.getFirst("flag")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a=%zz",
                "%",
                "a=%4",
                "scope=%E0%A4%A",
                "a=%C3%28",
                "a=%FF",
                "a=%ED%A0%80",
                "a=\u00ff",
                "a=%00",
                "a=%0A",
                "a=%7F",
                "%C3%28=x"
            })
    void parseWhenMalformedThenInvalidEncoding(String body) {
        CapifException e = catchThrowableOfType(CapifException.class, () -> parse(body));
        assertThat(e).as(body).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.causeCode()).isEqualTo(Causes.INVALID_ENCODING);
    }

    @Test
    void parseWhenParameterRepeatedThenRefusedNamingIt() {
        CapifException e = catchThrowableOfType(CapifException.class, () -> parse("token=a&token=b"));
        assertThat(e.causeCode()).isEqualTo(Causes.MANDATORY_IE_INCORRECT);
        assertThat(e.invalidParams()).extracting(p -> p.param()).containsExactly("token");
    }
}
