package org.capif.authz.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.capif.authz.invoker.InvokerView;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.common.problem.CapifException;
import org.junit.jupiter.api.Test;

class MethodSelectionTest {

    private static final SubscribedApi BOTH = new SubscribedApi("a1", "api-one", "aef", List.of("OAUTH", "PKI"));
    private static final SubscribedApi OAUTH = new SubscribedApi("a2", "api-two", "aef", List.of("OAUTH"));
    private static final SubscribedApi PSK_OAUTH =
            new SubscribedApi("a3", "api-three", "aef2", List.of("PSK", "OAUTH"));
    private static final InvokerView INVOKER =
            new InvokerView("inv", InvokerStatus.ACTIVE, "t", Instant.now(), List.of(BOTH, OAUTH, PSK_OAUTH), 1);

    private static MethodSelection.Requested req(int i, String aef, String api, String... methods) {
        return new MethodSelection.Requested(i, aef, api, List.of(methods));
    }

    @Test
    void selectWhenSeveralPreferredThenFirstSupportedInInvokerOrder() {
        assertThat(MethodSelection.select(INVOKER, List.of(req(0, "aef", "a1", "PKI", "OAUTH"))))
                .extracting(SecurityEntry::selSecurityMethod)
                .containsExactly("PKI");
        assertThat(MethodSelection.select(INVOKER, List.of(req(0, "aef", "a1", "OAUTH", "PKI"))))
                .extracting(SecurityEntry::selSecurityMethod)
                .containsExactly("OAUTH");
    }

    @Test
    void selectWhenNoApiIdThenEveryApiOfThatAef() {
        assertThat(MethodSelection.select(INVOKER, List.of(req(0, "aef", null, "OAUTH"))))
                .extracting(SecurityEntry::apiId)
                .containsExactly("a1", "a2");
    }

    @Test
    void selectWhenPskPreferredAndAefSupportsItThenNextPreferenceOrRefusal() {
        assertThat(MethodSelection.select(INVOKER, List.of(req(0, "aef2", "a3", "PSK", "OAUTH"))))
                .extracting(SecurityEntry::selSecurityMethod)
                .containsExactly("OAUTH");
        CapifException e = catchThrowableOfType(
                CapifException.class, () -> MethodSelection.select(INVOKER, List.of(req(0, "aef2", "a3", "PSK"))));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo(MethodSelection.PSK_REFUSAL);
    }

    @Test
    void selectWhenNotSubscribedThenForbiddenNamingEveryEntry() {
        CapifException e = catchThrowableOfType(
                CapifException.class,
                () -> MethodSelection.select(
                        INVOKER, List.of(req(0, "aef", "nope", "OAUTH"), req(1, "other", null, "OAUTH"))));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.invalidParams()).extracting(p -> p.param()).containsExactly("/securityInfo/0", "/securityInfo/1");
    }
}
