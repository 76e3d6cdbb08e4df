package org.capif.invoker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** The operator's list of onboarded invokers, paged by id. */
@QuarkusTest
class InvokerListTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void listWhenOperatorThenInvokersInIdOrderPagedAndWithoutOffboardedOnes() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded a = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        InvokerApi.Onboarded b = api.onboardOk(KeyPairs.ecP256());
        api.delete(b.credential(), b.id());
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));

        List<String> all = new java.util.ArrayList<>();
        String after = ""; // the first page as the CLI asks for it: after= empty means from the start
        while (true) {
            var spec = Https.as(Fixtures.pki(), base, operator).queryParam("limit", 3);
            spec.queryParam("after", after);
            Response page = spec.get("/capif-admin/v1/invokers");
            assertThat(page.statusCode()).isEqualTo(200);
            List<String> ids = page.jsonPath().getList("apiInvokerId");
            if (ids.isEmpty()) {
                break;
            }
            assertThat(ids.size()).isLessThanOrEqualTo(3);
            all.addAll(ids);
            after = ids.get(ids.size() - 1);
        }
        assertThat(all).isSorted().contains(a.id()).doesNotContain(b.id());
    }

    @Test
    void listWhenInvokerCertificateThenForbidden() {
        InvokerApi.Onboarded a = new InvokerApi(base).onboardOk(KeyPairs.ecP256());
        Response r = Https.as(Fixtures.pki(), base, a.credential()).get("/capif-admin/v1/invokers");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("cause")).isEqualTo("ROLE_NOT_ALLOWED");
    }
}
