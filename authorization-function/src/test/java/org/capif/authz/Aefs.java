package org.capif.authz;

import static org.awaitility.Awaitility.await;

import io.quarkus.arc.Arc;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.CapifTestResource;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.pki.Credential;

/**
 * Registered AEFs for the authorization function's tests: plays the provider management service's part (a provider
 * event naming the AEF with its certificate's thumbprint) and waits until this service accepts the certificate. One
 * certificate per AEF id for the whole test JVM, as a registration pins exactly one.
 */
public final class Aefs {

    private static final Map<String, Credential> REGISTERED = new ConcurrentHashMap<>();

    private Aefs() {}

    /** The client credential of a registered AEF with this id. */
    public static Credential registered(String aefId) {
        return REGISTERED.computeIfAbsent(aefId, id -> {
            Credential credential = CapifTestResource.pki().client(CapifIdentity.aef(id));
            ProviderSide.registerAef(Invokers.bootstrap(), id, credential.thumbprint());
            AuthorizationState state =
                    Arc.container().instance(AuthorizationState.class).get();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> state.providers().current(CapifRole.AEF, id, credential.thumbprint()));
            return credential;
        });
    }
}
