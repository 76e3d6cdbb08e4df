package org.capif.authz.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.common.outbox.TopicProvisioner;
import org.capif.testing.CapifTestResource;
import org.capif.testing.Infrastructure;
import org.capif.testing.kafka.TopicWriter;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * An invoker onboarded while the authorization function is down is known once it is back: the profile switch stops
 * the running instance, {@link OnboardWhileDown} publishes an onboarding on the real topic, and the restarted instance
 * (same consumer group, resuming from its committed offsets) picks it up.
 */
@QuarkusTest
@TestProfile(DowntimeConvergenceTest.Restarted.class)
class DowntimeConvergenceTest {

    /** The restart with a resource that runs between the two instances. */
    public static class Restarted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OnboardWhileDown.class));
        }
    }

    /** Onboards an invoker (publishes its event) while no authorization function instance is running. */
    public static class OnboardWhileDown implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            TestPki pki = CapifTestResource.pki();
            String id = "offline-" + UUID.randomUUID();
            Credential credential = pki.client(CapifIdentity.invoker(id));
            pki.write("offline-invoker.key", credential.privateKeyPem());
            pki.write("offline-invoker.crt", credential.certificatePem());
            pki.write("offline-invoker.id", id);
            String bootstrap = System.getProperty("capif-test.kafka");
            try {
                // when this class runs first, no instance has created the topic yet
                TopicProvisioner.ensure(
                        Infrastructure.kafkaTls().adminClient(bootstrap),
                        List.of(TopicProvisioner.compacted(Invokers.TOPIC, 3, (short) 1)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            TopicWriter.send(
                    bootstrap,
                    Invokers.TOPIC,
                    id,
                    EventCodec.encode(Invokers.event(
                            id,
                            1,
                            InvokerEventType.API_INVOKER_ONBOARDED,
                            InvokerStatus.ACTIVE,
                            credential,
                            List.of(Invokers.QOS))));
            return Map.of();
        }

        @Override
        public void stop() {}
    }

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void invokerOnboardedWhileDownThenKnownAfterRestartAndGetsTokens() throws Exception {
        Path dir = CapifTestResource.pki().dir();
        String id = Files.readString(dir.resolve("offline-invoker.id"));
        Credential credential = new Credential(
                new java.security.KeyPair(
                        org.capif.common.cert.Pem.certificate(Files.readString(dir.resolve("offline-invoker.crt")))
                                .getPublicKey(),
                        org.capif.common.cert.Pem.privateKey(Files.readString(dir.resolve("offline-invoker.key")))),
                org.capif.common.cert.Pem.certificate(Files.readString(dir.resolve("offline-invoker.crt"))));

        Invokers.awaitSequence(id, 1);
        SecurityApi api = new SecurityApi(base);
        assertThat(api.put(
                                credential,
                                id,
                                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.token(credential, id, (String) null).statusCode()).isEqualTo(200);
    }
}
