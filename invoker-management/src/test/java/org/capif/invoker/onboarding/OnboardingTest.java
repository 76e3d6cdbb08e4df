package org.capif.invoker.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.kafka.TopicReader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Onboarding happy paths (TS 29.222 §5.3.2.2, TS 33.122 §6.1): certificate, database row and Kafka event. */
@QuarkusTest
class OnboardingTest {

    static final String TOPIC = "capif.invoker-events";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void onboardWhenCsrValidThenCertificateChainsToCapifCaAndNamesTheAssignedInvokerId() throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        InvokerApi.Onboarded invoker = new InvokerApi(base).onboardOk(keys, "api-qos");

        Response r = invoker.response();
        assertThat(r.header("Location"))
                .isEqualTo("https://capif.test/api-invoker-management/v1/onboardedInvokers/" + invoker.id());
        assertThat(r.contentType()).startsWith("application/json");
        List<X509Certificate> bundle =
                Pem.certificates(r.jsonPath().getString("onboardingInformation.apiInvokerCertificate"));
        assertThat(bundle).hasSize(2);
        X509Certificate leaf = bundle.get(0);
        assertThat(bundle.get(1)).isEqualTo(Fixtures.pki().caCertificate());

        PKIXParameters params =
                new PKIXParameters(Set.of(new TrustAnchor(Fixtures.pki().caCertificate(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);

        assertThat(CapifIdentity.of(leaf)).contains(CapifIdentity.invoker(invoker.id()));
        assertThat(leaf.getSubjectX500Principal().getName())
                .contains("CN=" + invoker.id())
                .doesNotContain("whatever-the-invoker-wants");
        assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(64);
        assertThat(leaf.getNotAfter().toInstant())
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(r.jsonPath().getString("apiList.serviceAPIDescriptions[0].apiId"))
                .isEqualTo("api-qos");
        assertThat(r.jsonPath().getString("apiList.serviceAPIDescriptions[0].aefProfiles[0].aefId"))
                .isEqualTo("aef-demo");
    }

    @Test
    void onboardThenDatabaseRowAndKafkaEventCarryTheInvokerAndItsSubscription() {
        InvokerApi.Onboarded invoker = new InvokerApi(base).onboardOk(KeyPairs.ecP256(), "api-qos", "api-traffic");
        String thumbprint = Thumbprints.x5tS256(invoker.certificate());

        List<Map<String, Object>> rows =
                Fixtures.sql().rows("select * from api_invoker where api_invoker_id = ?", invoker.id());
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("certificate_thumbprint")).isEqualTo(thumbprint);
        assertThat(row.get("granted_api_ids")).isEqualTo("[\"api-qos\",\"api-traffic\"]");
        assertThat(row.get("version")).isEqualTo(1L);
        assertThat(Fixtures.sql()
                        .count(
                                "select count(*) from used_onboarding_credential where api_invoker_id = ?",
                                invoker.id()))
                .isEqualTo(1);

        ConsumerRecord<String, String> record = eventsOf(invoker.id(), 1).get(0);
        InvokerEvent event = EventCodec.decode(record.value(), InvokerEvent.class);
        assertThat(record.key()).isEqualTo(invoker.id());
        assertThat(new String(record.headers().lastHeader("capif-event-id").value(), StandardCharsets.UTF_8))
                .isEqualTo(event.eventId().toString());
        assertThat(event.type()).isEqualTo(InvokerEventType.API_INVOKER_ONBOARDED);
        assertThat(event.schemaVersion()).isEqualTo(InvokerEvent.SCHEMA_VERSION);
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(event.status()).isEqualTo(InvokerStatus.ACTIVE);
        assertThat(event.certificateThumbprint()).isEqualTo(thumbprint);
        assertThat(event.certificateNotAfter())
                .isEqualTo(invoker.certificate().getNotAfter().toInstant());
        assertThat(event.occurredAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(event.apis())
                .containsExactly(
                        new SubscribedApi("api-qos", "as-session-with-qos", "aef-demo", List.of("OAUTH")),
                        new SubscribedApi("api-traffic", "traffic-influence", "aef-two", List.of("PKI", "OAUTH")));
        assertThat(Fixtures.sql().count("select count(*) from outbox where message_key = ?", invoker.id()))
                .isZero();
    }

    static Stream<Arguments> acceptedKeys() {
        return Stream.of(
                Arguments.of("RSA 2048", KeyPairs.rsa(2048), "SHA256withRSA"),
                Arguments.of("RSA 2048, RSASSA-PSS SHA-256", KeyPairs.rsa(2048), "SHA256withRSAandMGF1"),
                Arguments.of("EC P-384", KeyPairs.ec("secp384r1"), "SHA384withECDSA"),
                Arguments.of("Ed25519", KeyPairs.ed25519(), "Ed25519"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedKeys")
    void onboardWhenKeyIsAcceptedTypeThenCertificateCarriesThatKey(String name, KeyPair keys, String alg) {
        Response r = new InvokerApi(base)
                .onboard(
                        Fixtures.credential(),
                        Fixtures.enrolment(Fixtures.csr(keys, alg, "x"), "api-monitoring-event"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        X509Certificate leaf = Pem.certificate(r.jsonPath().getString("onboardingInformation.apiInvokerCertificate"));
        assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    }

    @Test
    void onboardWhenAefProfilesHoldNullThenMatchedByName() {
        Map<String, Object> body = Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256()));
        java.util.List<Object> profiles = new java.util.ArrayList<>();
        profiles.add(null);
        Map<String, Object> api = new java.util.HashMap<>();
        api.put("apiName", "as-session-with-qos");
        api.put("aefProfiles", profiles);
        body.put("apiList", Map.of("serviceAPIDescriptions", List.of(api)));
        Response r = new InvokerApi(base).onboard(Fixtures.credential(), body);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getString("apiList.serviceAPIDescriptions[0].apiName"))
                .isEqualTo("as-session-with-qos");
    }

    @Test
    void onboardWhenNoApiListThenInvokerHasNoSubscription() {
        Response r = new InvokerApi(base)
                .onboard(Fixtures.credential(), Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256())));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getMap("$")).doesNotContainKey("apiList");
        String id = r.jsonPath().getString("apiInvokerId");
        assertThat(Fixtures.sql()
                        .rows("select granted_api_ids from api_invoker where api_invoker_id = ?", id)
                        .get(0)
                        .get("granted_api_ids"))
                .isEqualTo("[]");
    }

    @Test
    void onboardWhenApiRequestedByNameAndAefThenGrantedByCatalogueMatch() {
        Map<String, Object> body = Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256()));
        body.put(
                "apiList",
                Map.of(
                        "serviceAPIDescriptions",
                        List.of(Map.of(
                                "apiName",
                                "traffic-influence",
                                "aefProfiles",
                                List.of(Map.of(
                                        "aefId", "aef-two", "versions", List.of(Map.of("apiVersion", "v1"))))))));
        Response r = new InvokerApi(base).onboard(Fixtures.credential(), body);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getString("apiList.serviceAPIDescriptions[0].apiId"))
                .isEqualTo("api-traffic");
    }

    @Test
    void onboardTwiceThenEachInvokerGetsItsOwnIdAndSerial() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        InvokerApi.Onboarded b = api.onboardOk(KeyPairs.ecP256());
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.certificate().getSerialNumber())
                .isNotEqualTo(b.certificate().getSerialNumber());
    }

    /** The invoker's events on the topic, waiting until at least {@code count} are there. */
    static List<ConsumerRecord<String, String>> eventsOf(String apiInvokerId, int count) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<ConsumerRecord<String, String>> all = TopicReader.readUntil(
                bootstrap,
                TOPIC,
                Duration.ofSeconds(20),
                records -> records.stream()
                                .filter(r -> apiInvokerId.equals(r.key()))
                                .count()
                        >= count);
        List<ConsumerRecord<String, String>> mine =
                all.stream().filter(r -> apiInvokerId.equals(r.key())).toList();
        assertThat(mine).as("events of invoker %s", apiInvokerId).hasSizeGreaterThanOrEqualTo(count);
        return mine;
    }
}
