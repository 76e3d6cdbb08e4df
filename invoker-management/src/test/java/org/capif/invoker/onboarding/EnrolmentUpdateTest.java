package org.capif.invoker.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.SubscribedApi;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** PUT and PATCH of an enrolment (TS 29.222 §5.3.2.4): full and merge-patch updates, re-keying, subscription change. */
@QuarkusTest
class EnrolmentUpdateTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void putWhenInvokerChangesSubscriptionThenResponseRowAndEventReflectIt() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        Map<String, Object> body =
                Fixtures.enrolment(Fixtures.csr(invoker.keys()), "api-monitoring-event", "api-traffic");
        body.put("notificationDestination", "https://invoker.example.com/v2/notify");

        Response r = api.put(invoker.credential(), invoker.id(), body);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("apiInvokerId")).isEqualTo(invoker.id());
        assertThat(r.jsonPath().getString("notificationDestination"))
                .isEqualTo("https://invoker.example.com/v2/notify");
        assertThat(r.jsonPath().getList("apiList.serviceAPIDescriptions.apiId"))
                .containsExactly("api-monitoring-event", "api-traffic");
        // same key: the certificate is kept
        X509Certificate cert = Pem.certificate(r.jsonPath().getString("onboardingInformation.apiInvokerCertificate"));
        assertThat(cert).isEqualTo(invoker.certificate());
        assertThat(Fixtures.sql()
                        .rows("select version, granted_api_ids from api_invoker where api_invoker_id = ?", invoker.id())
                        .get(0))
                .containsEntry("version", 2L)
                .containsEntry("granted_api_ids", "[\"api-monitoring-event\",\"api-traffic\"]");
        InvokerEvent updated = event(invoker.id(), 2);
        assertThat(updated.type()).isEqualTo(InvokerEventType.API_INVOKER_UPDATED);
        assertThat(updated.sequence()).isEqualTo(2);
        assertThat(updated.apis())
                .extracting(SubscribedApi::apiId)
                .containsExactly("api-monitoring-event", "api-traffic");
    }

    @Test
    void putWhenNewCsrThenInvokerIsReKeyedAndOldCertificateNoLongerWorks() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        KeyPair newKeys = KeyPairs.ecP256();

        Response r = api.put(invoker.credential(), invoker.id(), Fixtures.enrolment(Fixtures.csr(newKeys), "api-qos"));

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        X509Certificate newCert =
                Pem.certificate(r.jsonPath().getString("onboardingInformation.apiInvokerCertificate"));
        assertThat(newCert.getPublicKey().getEncoded())
                .isEqualTo(newKeys.getPublic().getEncoded());
        assertThat(CapifIdentity.of(newCert)).contains(CapifIdentity.invoker(invoker.id()));
        assertThat(event(invoker.id(), 2).certificateThumbprint()).isEqualTo(Thumbprints.x5tS256(newCert));

        assertProblem(
                api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "x")),
                401,
                "CLIENT_CERTIFICATE_INVALID");
        Response withNew =
                api.patch(new Credential(newKeys, newCert), invoker.id(), Map.of("apiInvokerInformation", "y"));
        assertThat(withNew.statusCode()).isEqualTo(200);
    }

    @Test
    void patchWhenMergePatchThenOnlyNamedFieldsChangeAndNullRemoves() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        Map<String, Object> patch = new HashMap<>();
        patch.put("apiInvokerInformation", null);
        patch.put(
                "apiList",
                Map.of(
                        "serviceAPIDescriptions",
                        List.of(Map.of("apiName", "traffic-influence", "apiId", "api-traffic"))));

        Response r = api.patch(invoker.credential(), invoker.id(), patch);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("$")).doesNotContainKey("apiInvokerInformation");
        assertThat(r.jsonPath().getString("notificationDestination"))
                .isEqualTo("https://invoker.example.com/notifications");
        assertThat(r.jsonPath().getList("apiList.serviceAPIDescriptions.apiId")).containsExactly("api-traffic");
        assertThat(Fixtures.sql()
                        .rows("select api_invoker_information from api_invoker where api_invoker_id = ?", invoker.id())
                        .get(0)
                        .get("api_invoker_information"))
                .isNull();
    }

    @Test
    void patchWhenApiListSetToNullThenSubscriptionCleared() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        Map<String, Object> patch = new HashMap<>();
        patch.put("apiList", null);
        Response r = api.patch(invoker.credential(), invoker.id(), patch);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("$")).doesNotContainKey("apiList");
        assertThat(event(invoker.id(), 2).apis()).isEmpty();
    }

    @Test
    void patchWhenMandatoryFieldNulledThenBadRequestAndNothingChanges() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        Map<String, Object> patch = new HashMap<>();
        patch.put("notificationDestination", null);
        assertProblem(
                api.patch(invoker.credential(), invoker.id(), patch),
                400,
                "MANDATORY_IE_MISSING",
                "/notificationDestination");
        assertThat(Fixtures.sql()
                        .rows("select version from api_invoker where api_invoker_id = ?", invoker.id())
                        .get(0))
                .containsEntry("version", 1L);
    }

    @Test
    void patchWhenFieldOutsidePatchSchemaThenBadRequest() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256());
        assertProblem(
                api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerId", "other")),
                400,
                "INVALID_FIELD",
                "/apiInvokerId");
    }

    @Test
    void patchWhenBodyNotJsonObjectThenBadRequest() {
        InvokerApi.Onboarded invoker = new InvokerApi(base).onboardOk(KeyPairs.ecP256());
        Response r = Https.as(Fixtures.pki(), base, invoker.credential())
                .contentType("application/merge-patch+json")
                .body("[1]")
                .patch(Fixtures.INVOKERS + "/" + invoker.id());
        assertProblem(r, 400, "INVALID_JSON");
    }

    @Test
    void patchWhenContentTypeIsPlainJsonThenUnsupportedMediaType() {
        InvokerApi.Onboarded invoker = new InvokerApi(base).onboardOk(KeyPairs.ecP256());
        Response r = Https.as(Fixtures.pki(), base, invoker.credential())
                .contentType(ContentType.JSON)
                .body(Map.of("apiInvokerInformation", "x"))
                .patch(Fixtures.INVOKERS + "/" + invoker.id());
        assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void putWhenBodyApiInvokerIdDiffersFromPathThenBadRequest() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256());
        Map<String, Object> body = Fixtures.enrolment(Fixtures.csr(invoker.keys()));
        body.put("apiInvokerId", "someone-else");
        assertProblem(
                api.put(invoker.credential(), invoker.id(), body), 400, "MANDATORY_IE_INCORRECT", "/apiInvokerId");
    }

    @Test
    void putWhenKeyBelongsToAnotherInvokerThenForbidden() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        InvokerApi.Onboarded b = api.onboardOk(KeyPairs.ecP256());
        assertProblem(
                api.put(b.credential(), b.id(), Fixtures.enrolment(Fixtures.csr(a.keys()))),
                403,
                "DUPLICATE_PUBLIC_KEY");
    }

    static InvokerEvent event(String invokerId, long sequence) {
        return OnboardingTest.eventsOf(invokerId, (int) sequence).stream()
                .map(r -> EventCodec.decode(r.value(), InvokerEvent.class))
                .filter(e -> e.sequence() == sequence)
                .findFirst()
                .orElseThrow();
    }
}
