package org.capif.validator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.JwksServer;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;

/**
 * The validator's test world: real PostgreSQL, Kafka and PKI (module-wide), plus the authorization function's JWK Set
 * endpoint over mutual TLS and the validator's own service certificate for fetching it.
 */
@WithTestResource(
        value = CapifTestResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = ValidatorTestResources.DATABASE))
@WithTestResource(value = ValidatorTestResources.Jwks.class, scope = TestResourceScope.GLOBAL)
public final class ValidatorTestResources {

    public static final String DATABASE = "capif_validator";

    private ValidatorTestResources() {}

    /** Starts the JWK Set endpoint (keys from {@link SigningKeys}) and writes the validator's client credential. */
    public static class Jwks implements QuarkusTestResourceLifecycleManager {
        private static JwksServer server;

        @Override
        public synchronized Map<String, String> start() {
            TestPki pki = CapifTestResource.pki();
            Credential client = pki.client(new CapifIdentity(CapifRole.SERVICE, "token-validator"));
            pki.write("validator-client.crt", client.certificatePem());
            pki.write("validator-client.key", client.privateKeyPem());
            if (server == null) {
                server = JwksServer.start(pki, SigningKeys::jwks);
            }
            return Map.of("capif.jwks.uri", server.uri());
        }

        @Override
        public void stop() {}

        public static JwksServer server() {
            return server;
        }
    }
}
