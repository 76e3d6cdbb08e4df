package org.capif.validator.af;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where the validator finds the authorization function: the JWK Set URI without its well-known path. */
class AuthorizationFunctionClientTest {

    @Test
    void baseWhenJwksAtTheRootThenTheOrigin() {
        assertThat(AuthorizationFunctionClient.base(URI.create("https://af.example:8443/.well-known/jwks.json"))
                        .resolve("capif-security/v1/trustedInvokers/x/delete"))
                .hasToString("https://af.example:8443/capif-security/v1/trustedInvokers/x/delete");
    }

    @Test
    void baseWhenJwksBehindAPathPrefixThenThePrefixIsKept() {
        assertThat(AuthorizationFunctionClient.base(URI.create("https://gw.example/capif/.well-known/jwks.json"))
                        .resolve("capif-security/v1/trustedInvokers/x/delete"))
                .hasToString("https://gw.example/capif/capif-security/v1/trustedInvokers/x/delete");
    }
}
