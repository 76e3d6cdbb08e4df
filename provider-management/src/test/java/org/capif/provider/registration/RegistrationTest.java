package org.capif.provider.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderEventType;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;
import org.capif.provider.Fixtures;
import org.capif.provider.ProviderApi;
import org.capif.testing.kafka.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Registration of an API provider domain (TS 29.222 §5.11.2.2, §8.9): ids assigned by CAPIF, functions in request
 * order, one certificate per function bound to its id and role, rows and the provider event.
 */
@QuarkusTest
class RegistrationTest {

    static final String TOPIC = "capif.provider-events";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void registerWhenCsrsValidThenEachFunctionGetsACertificateChainedToTheCapifCaNamingItsIdAndRole() throws Exception {
        ProviderApi.Registered domain = new ProviderApi(base).registerOk();
        Response r = domain.response();

        assertThat(r.header("Location"))
                .isEqualTo("https://capif.test/api-provider-management/v1/registrations/" + domain.id());
        assertThat(r.jsonPath().getList("apiProvFuncs.apiProvFuncRole")).containsExactly("AMF", "APF", "AEF");
        X509Certificate ca = Fixtures.pki().caCertificate();
        for (int i = 0; i < 3; i++) {
            String id = domain.functionId(i);
            CapifRole role = CapifRole.valueOf(r.jsonPath().getString("apiProvFuncs[" + i + "].apiProvFuncRole"));
            assertThat(id).startsWith(role.name().toLowerCase() + "-");
            List<X509Certificate> bundle =
                    Pem.certificates(r.jsonPath().getString("apiProvFuncs[" + i + "].regInfo.apiProvCert"));
            X509Certificate cert = bundle.get(0);
            assertThat(cert.getPublicKey())
                    .isEqualTo(domain.functions().get(i).keys().getPublic());
            assertThat(CapifIdentity.of(cert)).contains(new CapifIdentity(role, id));
            assertThat(cert.getSubjectX500Principal().getName()).contains("CN=" + id);
            assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
        }
        assertThat(r.jsonPath().getString("regSec")).isNotBlank();
        assertThat(r.jsonPath().getString("failReason")).isNull();
    }

    @Test
    void registerWhenDoneThenRowsHoldTheDomainItsFunctionsInOrderAndTheSpentCredential() {
        ProviderApi.Registered domain = new ProviderApi(base).registerOk();

        List<Map<String, Object>> functions = Fixtures.sql()
                .rows(
                        "select api_prov_func_id, role, position, certificate_thumbprint from provider_function"
                                + " where api_prov_dom_id = ? order by position",
                        domain.id());
        assertThat(functions).extracting(f -> f.get("role")).containsExactly("AMF", "APF", "AEF");
        assertThat(functions)
                .extracting(f -> f.get("api_prov_func_id"))
                .containsExactly(domain.functionId(0), domain.functionId(1), domain.functionId(2));
        assertThat(functions.get(2).get("certificate_thumbprint"))
                .isEqualTo(domain.credential(2).thumbprint());
        assertThat(Fixtures.sql()
                        .count(
                                "select count(*) from used_registration_credential where api_prov_dom_id = ?",
                                domain.id()))
                .isEqualTo(1);
    }

    @Test
    void registerWhenDoneThenAProviderEventCarriesEveryFunctionWithItsCertificateThumbprint() {
        ProviderApi.Registered domain = new ProviderApi(base).registerOk();

        ProviderEvent event = providerEvents(domain.id(), 1).get(0);
        assertThat(event.type()).isEqualTo(ProviderEventType.API_PROVIDER_REGISTERED);
        assertThat(event.status()).isEqualTo(ProviderStatus.REGISTERED);
        assertThat(event.functions())
                .extracting(
                        ProviderFunction::apiProvFuncId,
                        ProviderFunction::role,
                        ProviderFunction::certificateThumbprint)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                domain.functionId(0),
                                CapifRole.AMF,
                                domain.credential(0).thumbprint()),
                        org.assertj.core.groups.Tuple.tuple(
                                domain.functionId(1),
                                CapifRole.APF,
                                domain.credential(1).thumbprint()),
                        org.assertj.core.groups.Tuple.tuple(
                                domain.functionId(2),
                                CapifRole.AEF,
                                domain.credential(2).thumbprint()));
        assertThat(Thumbprints.x5tS256(domain.credential(2).certificate()))
                .isEqualTo(event.functions().get(2).certificateThumbprint());
    }

    @Test
    void registerWhenCredentialAlsoInAuthorizationHeaderThenAccepted() {
        String credential = Fixtures.credential();
        Response r = org.capif.testing.http.Https.anonymous(Fixtures.pki(), base)
                .contentType(io.restassured.http.ContentType.JSON)
                .header("Authorization", "Bearer " + credential)
                .body(Fixtures.registration(credential, List.of(Fixtures.function("AMF"), Fixtures.function("AEF"))))
                .post(Fixtures.REGISTRATIONS);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getList("apiProvFuncs.apiProvFuncRole")).containsExactly("AMF", "AEF");
    }

    /** The provider events of a domain, waiting until at least {@code count} are on the topic. */
    static List<ProviderEvent> providerEvents(String domainId, int count) {
        return TopicReader.readUntil(
                        Fixtures.kafka(),
                        TOPIC,
                        Duration.ofSeconds(20),
                        records -> records.stream()
                                        .filter(rec -> domainId.equals(rec.key()))
                                        .count()
                                >= count)
                .stream()
                .filter(rec -> domainId.equals(rec.key()))
                .map(rec -> EventCodec.decode(rec.value(), ProviderEvent.class))
                .toList();
    }
}
