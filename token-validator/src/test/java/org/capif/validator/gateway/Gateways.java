package org.capif.validator.gateway;

import static org.awaitility.Awaitility.await;

import io.quarkus.arc.Arc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.capif.common.api.AefProfile;
import org.capif.common.api.CustomOperation;
import org.capif.common.api.Resource;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.capif.validator.state.ValidatorState;

/**
 * The world of the gateway tests: a registered AEF {@value #AEF} (whose certificate the gateway presents) publishing two
 * APIs with resources, named as in {@code deploy/gateway}, and invokers subscribed to both.
 */
public final class Gateways {

    public static final String AEF = "aef-gateway";
    public static final String QOS = "as-session-with-qos";
    public static final String MONITORING = "monitoring-event";
    public static final String QOS_ID = "gw-api-qos";
    public static final String MONITORING_ID = "gw-api-monitoring";

    private static volatile boolean published;

    private Gateways() {}

    /** The gateway's credential: the AEF's registered certificate; publishes the APIs on first use. */
    public static synchronized Credential aef() {
        Credential aef = World.aef(AEF);
        if (!published) {
            ProviderSide.publish(
                    World.bootstrap(),
                    api(QOS, QOS_ID, qosResources(), List.of(notifyOperation())),
                    ServiceApiStatus.PUBLISHED);
            ProviderSide.publish(
                    World.bootstrap(),
                    api(MONITORING, MONITORING_ID, List.of(resource("/{scsAsId}/subscriptions", "GET", "POST")), null),
                    ServiceApiStatus.PUBLISHED);
            ValidatorState state = state();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> state.publishedApis().apiAt(AEF, QOS).isPresent()
                            && state.publishedApis().apiAt(AEF, MONITORING).isPresent());
            published = true;
        }
        return aef;
    }

    /** An invoker subscribed to both APIs at the gateway's AEF, known to the validator. */
    public static World.Invoker invoker() {
        aef();
        World.Invoker i = World.onboard();
        World.update(
                i,
                2,
                i.credential(),
                new SubscribedApi(QOS_ID, QOS, AEF, List.of("OAUTH")),
                new SubscribedApi(MONITORING_ID, MONITORING, AEF, List.of("OAUTH")));
        ValidatorState state = state();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ValidatorState.InvokerState known = state.invoker(i.id());
            return known != null && known.sequence() == 2;
        });
        return i;
    }

    /** Claims of a token for the invoker at the gateway's AEF, for the given APIs. */
    public static Map<String, Object> claims(World.Invoker i, String... apiNames) {
        Map<String, Object> c = World.claims(i);
        c.put("aud", List.of(AEF));
        c.put("scope", "3gpp#" + AEF + ":" + String.join(",", apiNames));
        return c;
    }

    public static String token(World.Invoker i, String... apiNames) {
        return World.token(claims(i, apiNames));
    }

    private static ValidatorState state() {
        return Arc.container().instance(ValidatorState.class).get();
    }

    private static List<Resource> qosResources() {
        return List.of(
                resource("/{scsAsId}/subscriptions", "GET", "POST"),
                resource("/{scsAsId}/subscriptions/{subscriptionId}", "GET", "PUT", "PATCH", "DELETE"));
    }

    private static CustomOperation notifyOperation() {
        return new CustomOperation("REQUEST_RESPONSE", "notify", null, "a custom operation of the version");
    }

    private static Resource resource(String uri, String... methods) {
        return new Resource(uri.replace("/", "_"), "REQUEST_RESPONSE", uri, null, null, List.of(methods), null);
    }

    private static ServiceAPIDescription api(
            String name, String id, List<Resource> resources, List<CustomOperation> operations) {
        return new ServiceAPIDescription(
                name,
                id,
                null,
                List.of(new AefProfile(
                        AEF,
                        List.of(new Version("v1", null, resources, operations)),
                        "HTTP_1_1",
                        "JSON",
                        List.of("OAUTH"),
                        "aef-gateway.example.com",
                        null,
                        null,
                        null,
                        null)),
                "gateway test API " + name,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
