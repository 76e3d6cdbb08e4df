package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code tokenValidator.invocationLogAefs}, the operator's list of AEFs whose decisions the validator turns into
 * invocation logs, reaches the validator's configuration as {@code capif.invocation-log.aefs} and nothing else's; none by
 * default; anything but AEF ids or {@code *} is refused by the schema.
 */
class InvocationLogValuesTest {

    private static final String KEY = "capif.invocation-log.aefs";

    @Test
    void templateWhenNoAefIsListedThenTheValidatorLogsNone() {
        Rendered ci = Helm.render().ci().objects();
        assertThat(ci.properties("token-validator")).doesNotContainKey(KEY);
    }

    @Test
    void templateWhenAefsAreListedThenOnlyTheValidatorGetsThem() {
        Rendered edge = Helm.render().edge().objects();
        assertThat(edge.properties("token-validator")).containsEntry(KEY, "aef-billing,aef-maps.v2");
        assertThat(edge.properties("authorization-function")).doesNotContainKey(KEY);
        assertThat(edge.properties("invoker-management")).doesNotContainKey(KEY);
        Rendered all = Helm.render()
                .ci()
                .set("tokenValidator.invocationLogAefs[0]", "*")
                .objects();
        assertThat(all.properties("token-validator")).containsEntry(KEY, "*");
    }

    @Test
    void templateWhenAnEntryIsNotAnAefIdThenRefused() {
        assertThat(Helm.render()
                        .ci()
                        .set("tokenValidator.invocationLogAefs[0]", "aef one")
                        .failure())
                .contains("invocationLogAefs");
        assertThat(Helm.render()
                        .ci()
                        .set("tokenValidator.invocationLogAefs", "aef-1")
                        .failure())
                .contains("invocationLogAefs");
    }
}
