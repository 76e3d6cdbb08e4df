package org.capif.common.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapifScopeTest {

    @Test
    void parseWhenSeveralAefsAndApisThenAllGrantedAndCanonical() {
        CapifScope s =
                CapifScope.parse("3gpp#aef-1:api-a,api-b; aef-2 : api-c ").orElseThrow();
        assertThat(s.grants("aef-1", "api-a")).isTrue();
        assertThat(s.grants("aef-1", "api-b")).isTrue();
        assertThat(s.grants("aef-2", "api-c")).isTrue();
        assertThat(s.grants("aef-2", "api-a")).isFalse();
        assertThat(s.aefIds()).containsExactly("aef-1", "aef-2");
        assertThat(s).hasToString("3gpp#aef-1:api-a,api-b;aef-2:api-c");
    }

    @Test
    void parseWhenSameAefRepeatedThenMerged() {
        assertThat(CapifScope.parse("3gpp#a:x;a:y,x").orElseThrow()).hasToString("3gpp#a:x,y");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "3gpp#",
                "aef:api",
                "3gpp#aef",
                "3gpp#aef:",
                "3gpp#:api",
                "3gpp#aef:api;",
                "3gpp#aef:api,,b",
                "3gpp#a ef:api",
                "3gpp#aef:ap\"i",
                "openid profile"
            })
    void parseWhenNotTheGrammarThenEmpty(String scope) {
        assertThat(CapifScope.parse(scope)).isEmpty();
    }

    @Test
    void parseWhenTooLongThenEmpty() {
        assertThat(CapifScope.parse("3gpp#a:" + "x,".repeat(3000) + "x")).isEmpty();
    }

    @Test
    void ofWhenPairsThenSameAsParsed() {
        assertThat(CapifScope.of(List.of(Map.entry("a", "x"), Map.entry("b", "y"), Map.entry("a", "z"))))
                .isEqualTo(CapifScope.parse("3gpp#a:x,z;b:y").orElseThrow());
    }
}
