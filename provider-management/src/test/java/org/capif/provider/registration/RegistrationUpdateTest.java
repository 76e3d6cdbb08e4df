package org.capif.provider.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderEventType;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;
import org.capif.provider.Fixtures;
import org.capif.provider.ProviderApi;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * Update (PUT, PATCH) and deregistration (DELETE) of a provider domain (TS 29.222 §5.11.2.3-5): only an AMF of the
 * domain, with its current certificate; removed functions and a deregistered domain leave no usable certificate.
 */
@QuarkusTest
class RegistrationUpdateTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    @SuppressWarnings("unchecked")
    void putWhenAFunctionIsAddedAndTheAefRemovedThenIdsKeptNewOneCertifiedAndTheEventSaysSo() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Map<String, Object> update = domain.asUpdate();
        List<Map<String, Object>> funcs = (List<Map<String, Object>>) update.get("apiProvFuncs");
        funcs.remove(2); // the AEF
        Fixtures.Function apf2 = Fixtures.function("APF");
        funcs.add(apf2.body());

        Response r = api.put(domain.credential(0), domain.id(), update);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("apiProvFuncs.apiProvFuncId").subList(0, 2))
                .containsExactly(domain.functionId(0), domain.functionId(1));
        String newId = r.jsonPath().getString("apiProvFuncs[2].apiProvFuncId");
        assertThat(newId).startsWith("apf-").isNotIn(domain.functionId(0), domain.functionId(1), domain.functionId(2));
        assertThat(r.jsonPath().getString("apiProvFuncs[0].regInfo.apiProvCert"))
                .isEqualTo(domain.response().jsonPath().getString("apiProvFuncs[0].regInfo.apiProvCert"));
        ProviderEvent event = RegistrationTest.providerEvents(domain.id(), 2).get(1);
        assertThat(event.type()).isEqualTo(ProviderEventType.API_PROVIDER_UPDATED);
        assertThat(event.sequence()).isEqualTo(2);
        assertThat(event.functions())
                .extracting(ProviderFunction::apiProvFuncId)
                .containsExactly(domain.functionId(0), domain.functionId(1), newId);
        assertThat(Fixtures.sql()
                        .count(
                                "select count(*) from provider_function where api_prov_func_id = ?",
                                domain.functionId(2)))
                .isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void putWhenFunctionsAreResentWithoutIdsThenTheSameKeysKeepTheirIdsAndNewKeysGetNewFunctions() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Map<String, Object> update = domain.asUpdate();
        List<Map<String, Object>> funcs = (List<Map<String, Object>>) update.get("apiProvFuncs");
        funcs.forEach(f -> f.remove("apiProvFuncId")); // as the OpenCAPIF SDK sends it
        funcs.set(2, Fixtures.function("AEF").body()); // a new AEF key

        Response r = api.put(domain.credential(0), domain.id(), update);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("apiProvFuncs[0].apiProvFuncId")).isEqualTo(domain.functionId(0));
        assertThat(r.jsonPath().getString("apiProvFuncs[1].apiProvFuncId")).isEqualTo(domain.functionId(1));
        assertThat(r.jsonPath().getString("apiProvFuncs[2].apiProvFuncId")).isNotEqualTo(domain.functionId(2));
    }

    @Test
    @SuppressWarnings("unchecked")
    void putWhenAFunctionIsReKeyedThenItsOldCertificateIsRefused() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Map<String, Object> update = domain.asUpdate();
        Fixtures.Function amf = Fixtures.function("AMF");
        ((List<Map<String, Object>>) update.get("apiProvFuncs"))
                .get(0)
                .put("regInfo", amf.body().get("regInfo"));

        Response r = api.put(domain.credential(0), domain.id(), update);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("apiProvFuncs[0].apiProvFuncId")).isEqualTo(domain.functionId(0));

        assertProblem(
                api.patch(domain.credential(0), domain.id(), Map.of("apiProvDomInfo", "x")),
                401,
                "CLIENT_CERTIFICATE_INVALID");
        Credential rekeyed = new Credential(
                amf.keys(),
                org.capif.common.cert.Pem.certificates(r.jsonPath().getString("apiProvFuncs[0].regInfo.apiProvCert"))
                        .get(0));
        assertThat(api.patch(rekeyed, domain.id(), Map.of("apiProvDomInfo", "x"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void patchWhenDomainInfoChangesThenStoredAndAnsweredWithEveryFunction() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Response r = api.patch(domain.credential(0), domain.id(), Map.of("apiProvDomInfo", "renamed provider"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("apiProvDomInfo")).isEqualTo("renamed provider");
        assertThat(r.jsonPath().getList("apiProvFuncs")).hasSize(3);
        assertThat(Fixtures.sql()
                        .rows("select api_prov_dom_info from provider_domain where api_prov_dom_id = ?", domain.id())
                        .get(0)
                        .get("api_prov_dom_info"))
                .isEqualTo("renamed provider");
    }

    @Test
    void patchWhenAFieldOutsideThePatchSchemaThenBadRequestAndNothingChanged() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        assertProblem(
                api.patch(domain.credential(0), domain.id(), Map.of("regSec", "other")),
                400,
                "INVALID_FIELD",
                "/regSec");
        assertProblem(api.patch(domain.credential(0), domain.id(), List.of(1, 2)), 400, "INVALID_JSON");
        assertThat(Fixtures.sql().count("select version from provider_domain where api_prov_dom_id = ?", domain.id()))
                .isEqualTo(1);
    }

    @Test
    void updateWhenCallerIsNotAnAmfOfTheDomainThenRefused() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        ProviderApi.Registered other = api.registerOk();
        Map<String, Object> update = domain.asUpdate();

        assertProblem(api.put(domain.credential(1), domain.id(), update), 403, "ROLE_NOT_ALLOWED"); // its APF
        assertProblem(api.put(other.credential(0), domain.id(), update), 403, "RESOURCE_NOT_OWNED");
        assertProblem(api.put(null, domain.id(), update), 401, "CLIENT_CERTIFICATE_REQUIRED");
        Credential unregistered = Fixtures.pki().client(new CapifIdentity(CapifRole.AMF, domain.functionId(0)));
        assertProblem(api.put(unregistered, domain.id(), update), 401, "CLIENT_CERTIFICATE_INVALID");
        assertProblem(api.deregister(other.credential(0), domain.id()), 403, "RESOURCE_NOT_OWNED");
        assertThat(Fixtures.sql().count("select count(*) from provider_domain where api_prov_dom_id = ?", domain.id()))
                .isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void putWhenTheAmfIsRemovedWithoutAnotherOrAFunctionChangesRoleOrAnUnknownIdIsNamedThenBadRequest() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Map<String, Object> noAmf = domain.asUpdate();
        ((List<Map<String, Object>>) noAmf.get("apiProvFuncs")).remove(0);
        assertProblem(
                api.put(domain.credential(0), domain.id(), noAmf), 400, "MANDATORY_IE_INCORRECT", "/apiProvFuncs");

        Map<String, Object> roleChange = domain.asUpdate();
        ((List<Map<String, Object>>) roleChange.get("apiProvFuncs")).get(2).put("apiProvFuncRole", "APF");
        assertProblem(
                api.put(domain.credential(0), domain.id(), roleChange),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiProvFuncs/2/apiProvFuncRole");

        Map<String, Object> unknown = domain.asUpdate();
        ((List<Map<String, Object>>) unknown.get("apiProvFuncs")).get(2).put("apiProvFuncId", "aef-not-mine");
        assertProblem(
                api.put(domain.credential(0), domain.id(), unknown),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiProvFuncs/2/apiProvFuncId");
    }

    @Test
    void deleteWhenTheAmfDeregistersThenEveryCertificateOfTheDomainIsRefusedAndTheEventSaysSo() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();

        assertThat(api.deregister(domain.credential(0), domain.id()).statusCode())
                .isEqualTo(204);

        assertThat(Fixtures.sql()
                        .count("select count(*) from provider_function where api_prov_dom_id = ?", domain.id()))
                .isZero();
        ProviderEvent event = RegistrationTest.providerEvents(domain.id(), 2).get(1);
        assertThat(event.status()).isEqualTo(ProviderStatus.DEREGISTERED);
        assertThat(event.functions()).isEmpty();
        assertThat(event.sequence()).isEqualTo(2);
        assertProblem(
                api.publish(
                        domain.credential(1), domain.functionId(1), Fixtures.serviceApi("gone", domain.functionId(2))),
                401,
                "CLIENT_CERTIFICATE_INVALID");
        assertProblem(api.deregister(domain.credential(0), domain.id()), 401, "CLIENT_CERTIFICATE_INVALID");
    }

    @Test
    void deleteWhenTheOperatorDeregistersThenGoneAndASecondDeleteIsNotFound() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
        assertThat(api.deregister(operator, domain.id()).statusCode()).isEqualTo(204);
        assertProblem(api.deregister(operator, domain.id()), 404, "PROVIDER_DOMAIN_NOT_FOUND");
    }

    @Test
    void requestsWhenTheRegistrationIdIsNotAnIdentifierThenBadRequestAndNoDatabaseError() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
        for (String id : List.of("a%00b", "%C3%28", "x".repeat(200), "..%2F..")) {
            Response r = org.capif.testing.http.Https.as(Fixtures.pki(), base, operator)
                    .urlEncodingEnabled(false)
                    .delete(Fixtures.REGISTRATIONS + "/" + id);
            assertThat(r.statusCode()).as(id + ": " + r.asString()).isBetween(400, 404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(Fixtures.sql().count("select count(*) from provider_domain where api_prov_dom_id = ?", domain.id()))
                .isEqualTo(1);
    }
}
