package org.capif.invoker.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * Who may change or offboard an enrolment: only the invoker itself, proven by its current client certificate (the
 * operator may also offboard). Invoker A can never touch invoker B.
 */
@QuarkusTest
class InvokerAccessControlTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void updateWhenNoClientCertificateThenUnauthorized() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        assertProblem(
                api.patch(null, a.id(), Map.of("apiInvokerInformation", "x")), 401, "CLIENT_CERTIFICATE_REQUIRED");
        assertProblem(
                api.put(null, a.id(), Fixtures.enrolment(Fixtures.csr(a.keys()))), 401, "CLIENT_CERTIFICATE_REQUIRED");
        assertProblem(api.delete(null, a.id()), 401, "CLIENT_CERTIFICATE_REQUIRED");
    }

    @Test
    void changeWhenInvokerAUsesItsCertificateOnInvokerBThenForbiddenAndBUnchanged() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        InvokerApi.Onboarded b = api.onboardOk(KeyPairs.ecP256(), "api-qos");

        assertProblem(
                api.patch(a.credential(), b.id(), Map.of("apiInvokerInformation", "hijacked")),
                403,
                "RESOURCE_NOT_OWNED");
        assertProblem(
                api.put(a.credential(), b.id(), Fixtures.enrolment(Fixtures.csr(a.keys()))), 403, "RESOURCE_NOT_OWNED");
        assertProblem(api.delete(a.credential(), b.id()), 403, "RESOURCE_NOT_OWNED");

        assertThat(Fixtures.sql()
                        .rows("select version from api_invoker where api_invoker_id = ?", b.id())
                        .get(0))
                .containsEntry("version", 1L);
    }

    @Test
    void changeWhenCertificateNamesTheInvokerButIsNotItsCurrentOneThenUnauthorized() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        // a certificate for the same identity from the CAPIF CA, but not the one issued at onboarding
        Credential lookalike = Fixtures.pki().client(CapifIdentity.invoker(a.id()));
        assertProblem(api.delete(lookalike, a.id()), 401, "CLIENT_CERTIFICATE_INVALID");
    }

    @Test
    void changeWhenAefCertificateThenForbidden() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        Credential aef = Fixtures.pki().client(CapifIdentity.aef(a.id()));
        assertProblem(api.patch(aef, a.id(), Map.of("apiInvokerInformation", "x")), 403, "ROLE_NOT_ALLOWED");
        assertProblem(api.delete(aef, a.id()), 403, "ROLE_NOT_ALLOWED");
    }

    @Test
    void deleteWhenInvokerItselfThenNoContentProfileGoneOffboardedEventAndSecondDeleteNotFound() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256(), "api-qos");

        Response r = api.delete(a.credential(), a.id());

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.asString()).isEmpty();
        assertThat(Fixtures.sql().count("select count(*) from api_invoker where api_invoker_id = ?", a.id()))
                .isZero();
        InvokerEvent offboarded = EnrolmentUpdateTest.event(a.id(), 2);
        assertThat(offboarded.type()).isEqualTo(InvokerEventType.API_INVOKER_OFFBOARDED);
        assertThat(offboarded.status()).isEqualTo(InvokerStatus.OFFBOARDED);
        assertThat(offboarded.apis()).isEmpty();

        assertProblem(api.delete(a.credential(), a.id()), 404, "API_INVOKER_NOT_FOUND");
        assertProblem(
                api.patch(a.credential(), a.id(), Map.of("apiInvokerInformation", "x")), 404, "API_INVOKER_NOT_FOUND");
    }

    @Test
    void deleteWhenOperatorThenInvokerOffboarded() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256());
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
        assertThat(api.delete(operator, a.id()).statusCode()).isEqualTo(204);
        assertProblem(api.delete(operator, a.id()), 404, "API_INVOKER_NOT_FOUND");
    }

    @Test
    void deleteWhenUnknownInvokerThenNotFound() {
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
        assertProblem(new InvokerApi(base).delete(operator, "no-such-invoker"), 404, "API_INVOKER_NOT_FOUND");
    }
}
