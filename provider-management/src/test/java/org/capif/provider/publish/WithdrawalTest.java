package org.capif.provider.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.api.AefProfile;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.capif.provider.Fixtures;
import org.capif.provider.ProviderApi;
import org.junit.jupiter.api.Test;

/**
 * APIs leave with the functions they depend on: removing an AEF drops its profiles (an API left without AEF is
 * unpublished), removing the APF unpublishes its APIs, and deregistration unpublishes every API of the domain, all in
 * the same transaction as the registration change.
 */
@QuarkusTest
class WithdrawalTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    @SuppressWarnings("unchecked")
    void putWhenAnAefIsRemovedThenItsProfilesLeaveAndAnApiLeftWithoutAefIsUnpublished() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk(List.of(
                Fixtures.function("AMF"),
                Fixtures.function("APF"),
                Fixtures.function("AEF"),
                Fixtures.function("AEF")));
        String both = api.publish(
                        domain.credential(1),
                        domain.functionId(1),
                        Fixtures.serviceApi(Fixtures.uniqueName("both"), domain.functionId(2), domain.functionId(3)))
                .jsonPath()
                .getString("apiId");
        String only = api.publish(
                        domain.credential(1),
                        domain.functionId(1),
                        Fixtures.serviceApi(Fixtures.uniqueName("only"), domain.functionId(3)))
                .jsonPath()
                .getString("apiId");

        Map<String, Object> update = domain.asUpdate();
        ((List<Map<String, Object>>) update.get("apiProvFuncs")).remove(3);
        assertThat(api.put(domain.credential(0), domain.id(), update).statusCode())
                .isEqualTo(200);

        ServiceApiEvent narrowed = PublishTest.events(both, 2).get(1);
        assertThat(narrowed.type()).isEqualTo(ServiceApiEventType.SERVICE_API_UPDATE);
        assertThat(narrowed.description().aefProfiles())
                .extracting(AefProfile::aefId)
                .containsExactly(domain.functionId(2));
        ServiceApiEvent gone = PublishTest.events(only, 2).get(1);
        assertThat(gone.status()).isEqualTo(ServiceApiStatus.UNPUBLISHED);
        assertThat(Fixtures.sql().count("select count(*) from service_api where api_id = ?", only))
                .isZero();
        assertThat(Fixtures.sql().count("select count(*) from service_api_aef where api_id = ?", both))
                .isEqualTo(1);
    }

    @Test
    void deleteWhenTheDomainIsDeregisteredThenEveryApiItPublishedIsUnpublished() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        String apiId = api.publish(
                        domain.credential(1),
                        domain.functionId(1),
                        Fixtures.serviceApi(Fixtures.uniqueName("dereg"), domain.functionId(2)))
                .jsonPath()
                .getString("apiId");

        assertThat(api.deregister(domain.credential(0), domain.id()).statusCode())
                .isEqualTo(204);

        ServiceApiEvent gone = PublishTest.events(apiId, 2).get(1);
        assertThat(gone.type()).isEqualTo(ServiceApiEventType.SERVICE_API_UNAVAILABLE);
        assertThat(gone.sequence()).isEqualTo(2);
        assertThat(Fixtures.sql().count("select count(*) from service_api where api_prov_dom_id = ?", domain.id()))
                .isZero();
    }
}
