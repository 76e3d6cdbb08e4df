package org.capif.invoker.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.junit.jupiter.api.Test;

/** The CSR checks at onboarding: parse, signature algorithm, key strength, proof of possession, key uniqueness. */
@QuarkusTest
class CsrTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private io.restassured.response.Response onboard(String csr) {
        return new InvokerApi(base).onboard(Fixtures.credential(), Fixtures.enrolment(csr, "api-qos"));
    }

    private long invokers() {
        return Fixtures.sql().count("select count(*) from api_invoker");
    }

    @Test
    void onboardWhenPublicKeyIsNotACsrThenInvalidCsr() {
        long before = invokers();
        assertProblem(onboard("hello"), 400, "INVALID_CSR", "/onboardingInformation/apiInvokerPublicKey");
        assertProblem(onboard(Pem.encode(KeyPairs.ecP256().getPublic())), 400, "INVALID_CSR");
        assertThat(invokers()).isEqualTo(before);
    }

    @Test
    void onboardWhenCsrSignedByAnotherKeyThenInvalidCsr() throws Exception {
        KeyPair claimed = KeyPairs.ecP256();
        KeyPair signer = KeyPairs.ecP256();
        String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), claimed.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        assertProblem(onboard(csr), 400, "INVALID_CSR");
    }

    @Test
    void onboardWhenCsrTamperedThenInvalidCsr() {
        String csr = Fixtures.csr(KeyPairs.ecP256());
        String[] lines = csr.split("\n");
        // flip a character inside the base64 body, keeping it valid base64 and valid DER framing at the start
        String body = lines[lines.length - 2];
        lines[lines.length - 2] = body.substring(0, 10) + (body.charAt(10) == 'A' ? 'B' : 'A') + body.substring(11);
        assertProblem(onboard(String.join("\n", lines)), 400, "INVALID_CSR");
    }

    @Test
    void onboardWhenCsrSignedWithSha1ThenInvalidCsr() {
        assertProblem(onboard(Fixtures.csr(KeyPairs.rsa(2048), "SHA1withRSA", "x")), 400, "INVALID_CSR");
    }

    @Test
    void onboardWhenCsrSignedWithPssOverSha1ThenInvalidCsr() {
        assertProblem(onboard(Fixtures.csr(KeyPairs.rsa(2048), "SHA1withRSAandMGF1", "x")), 400, "INVALID_CSR");
    }

    @Test
    void onboardWhenRsaKeyBelow2048BitsThenWeakKey() {
        assertProblem(onboard(Fixtures.csr(KeyPairs.rsa(1024), "SHA256withRSA", "x")), 400, "WEAK_KEY");
    }

    @Test
    void onboardWhenEcCurveNotAcceptedThenWeakKey() {
        assertProblem(onboard(Fixtures.csr(KeyPairs.ec("secp521r1"), "SHA512withECDSA", "x")), 400, "WEAK_KEY");
    }

    @Test
    void onboardWhenKeyAlreadyOnboardedThenForbiddenAndCredentialNotSpent() {
        KeyPair keys = KeyPairs.ecP256();
        new InvokerApi(base).onboardOk(keys);
        String credential = Fixtures.credential();
        long spent = Fixtures.sql().count("select count(*) from used_onboarding_credential");
        assertProblem(
                new InvokerApi(base).onboard(credential, Fixtures.enrolment(Fixtures.csr(keys))),
                403,
                "DUPLICATE_PUBLIC_KEY");
        assertThat(Fixtures.sql().count("select count(*) from used_onboarding_credential"))
                .isEqualTo(spent);
    }
}
