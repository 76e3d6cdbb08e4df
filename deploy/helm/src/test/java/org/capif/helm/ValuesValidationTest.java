package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * values.schema.json refuses unknown keys and malformed values; the validateValues helper refuses values that cannot
 * make a secure installation, each time naming the --set that fixes it (and that --set does fix it).
 */
class ValuesValidationTest {

    @Test
    void templateWhenASecretIsMissingThenTheNamedSetFixesIt() {
        assertThat(Helm.render()
                        .ci()
                        .set("authorizationFunction.signingKeysSecret", "")
                        .failure())
                .contains("authorizationFunction.signingKeysSecret is required")
                .contains("fix: --set authorizationFunction.signingKeysSecret=");
        assertThat(Helm.render()
                        .ci()
                        .set("authorizationFunction.signingKeysSecret", "")
                        .set("authorizationFunction.signingKeysSecret", "keys")
                        .objects()
                        .ofKind("Deployment"))
                .hasSize(5);
    }

    @Test
    void templateWhenApiRootIsPlainHttpThenRefused() {
        assertThat(Helm.render()
                        .ci()
                        .set("global.apiRoot", "http://capif.example.com")
                        .failure())
                .contains("apiRoot");
    }

    @Test
    void templateWhenUnknownKeyThenSchemaRefusesIt() {
        assertThat(Helm.render().ci().set("tokenValidator.replica", "2").failure())
                .contains("replica");
        assertThat(Helm.render().ci().set("kafka.saslPassword", "x").failure()).contains("saslPassword");
    }

    @Test
    void templateWhenResourcesPullSecretsOrSelectorsAreMalformedThenSchemaRefusesThem() {
        assertThat(Helm.render()
                        .ci()
                        .set("invokerManagement.resources.requests.cpu", "lots")
                        .failure())
                .contains("cpu");
        assertThat(Helm.render()
                        .ci()
                        .set("invokerManagement.resources.request.cpu", "1")
                        .failure())
                .contains("request");
        assertThat(Helm.render()
                        .ci()
                        .set("global.imagePullSecrets[0]", "regcred")
                        .failure())
                .contains("imagePullSecrets");
        assertThat(Helm.render()
                        .ci()
                        .set("networkPolicy.providers[0].podSelector.matchExpressions[0].key", "role")
                        .set("networkPolicy.providers[0].podSelector.matchExpressions[0].operator", "Maybe")
                        .failure())
                .contains("operator");
        assertThat(Helm.render()
                        .ci()
                        .set("networkPolicy.invokers[0].ipBlock.cidr", "everywhere")
                        .failure())
                .contains("cidr");
        assertThat(Helm.render().ci().set("tests.image.digest", "latest").failure())
                .contains("digest");
    }

    @Test
    void templateWhenCredentialsAreGivenAsConfigurationThenRefusedPointingToSecrets() {
        assertThat(Helm.render()
                        .ci()
                        .set("tokenValidator.extraConfig.quarkus\\.datasource\\.password", "hunter2")
                        .failure())
                .contains("credentials come from Secrets")
                .contains("--set tokenValidator.extraConfig.quarkus\\.datasource\\.password=null");
        assertThat(Helm.render()
                        .ci()
                        .set("kafka.extraProperties.sasl\\.jaas\\.config", "x")
                        .failure())
                .contains("kafka.extraProperties.sasl.jaas.config is refused");
    }

    @Test
    void templateWhenKafkaSecurityIsGivenAsAClientPropertyThenRefusedAndTheNamedSetFixesIt() throws IOException {
        for (String key :
                List.of("security.protocol", "ssl.truststore.location", "ssl.keystore.type", "sasl.mechanism")) {
            Path values = Files.createTempFile(ChartTools.TOOLS, "kafka-security", ".yaml");
            Files.writeString(values, "kafka:\n  extraProperties:\n    " + key + ": x\n");
            String escaped = key.replace(".", "\\.");
            assertThat(Helm.render().ci().file(values).failure())
                    .contains("kafka.extraProperties." + key + " is refused")
                    .contains("the services refuse kafka.security.protocol, kafka.ssl.* and kafka.sasl.*")
                    .contains("fix: --set kafka.extraProperties." + escaped + "=null");
            assertThat(Helm.render()
                            .ci()
                            .file(values)
                            .set("kafka.extraProperties." + escaped, "null")
                            .objects()
                            .properties("token-validator"))
                    .doesNotContainKey("kafka." + key);
            Files.delete(values);
        }
        assertThat(Helm.render()
                        .ci()
                        .set("kafka.extraProperties.client\\.dns\\.lookup", "use_all_dns_ips")
                        .objects()
                        .properties("token-validator"))
                .containsEntry("kafka.client.dns.lookup", "use_all_dns_ips");
    }

    @Test
    void templateWhenExtraConfigTouchesDatastoreSecurityOrAKeyTheChartWritesThenRefused() {
        assertThat(Helm.render()
                        .ci()
                        .set("invokerManagement.extraConfig.kafka\\.security\\.protocol", "PLAINTEXT")
                        .failure())
                .contains("Kafka and PostgreSQL security come from")
                .contains("fix: --set invokerManagement.extraConfig.kafka\\.security\\.protocol=null");
        assertThat(Helm.render()
                        .ci()
                        .set(
                                "tokenValidator.extraConfig.quarkus\\.datasource\\.jdbc\\.additional-jdbc-properties\\.sslmode",
                                "require")
                        .failure())
                .contains("Kafka and PostgreSQL security come from");
        assertThat(Helm.render()
                        .ci()
                        .set("authorizationFunction.extraConfig.capif\\.token\\.lifetime", "PT1H")
                        .failure())
                .contains("the chart writes it from the values")
                .contains("fix: --set authorizationFunction.extraConfig.capif\\.token\\.lifetime=null");
        assertThat(Helm.render()
                        .ci()
                        .set("authorizationFunction.extraConfig.capif\\.token\\.key-reload-period", "PT1M")
                        .objects()
                        .properties("authorization-function"))
                .containsEntry("capif.token.key-reload-period", "PT1M");
    }

    @Test
    void templateWhenRemovedValuesAreGivenThenSchemaRefusesThem() {
        assertThat(Helm.render().ci().set("postgresql.sslMode", "verify-ca").failure())
                .contains("sslMode");
        assertThat(Helm.render()
                        .ci()
                        .set("invokerManagement.catalogue[0].apiId", "api-qos")
                        .failure())
                .contains("catalogue");
        assertThat(Helm.render()
                        .ci()
                        .set("tokenValidator.database.usernameKey", "user")
                        .failure())
                .contains("usernameKey");
    }

    @Test
    void templateWhenScramWithoutALoginSecretThenTheNamedSetFixesIt() {
        for (String mechanism : List.of("scram-sha-512", "scram-sha-256")) {
            assertThat(Helm.render().ci().set("kafka.authentication", mechanism).failure())
                    .contains("the SCRAM password of the Kafka user authorization-function")
                    .contains("fix: --set authorizationFunction.kafka.existingSecret=");
        }
        assertThat(Helm.render().ci().set("kafka.authentication", "plaintext").failure())
                .contains("authentication");
    }

    @Test
    void templateWhenSdkLoginWithOtherCredentialKeysOrIssuerThenTheNamedSetFixesIt() {
        assertThat(Helm.render()
                        .ci()
                        .set("providerManagement.sdkCompat.enabled", "true")
                        .failure())
                .contains("both need the same credential keys")
                .contains("fix: --set providerManagement.credentialSecret=capif-onboarding-credential-keys");
        assertThat(Helm.render()
                        .ci()
                        .set("providerManagement.sdkCompat.enabled", "true")
                        .set("providerManagement.credentialSecret", "capif-onboarding-credential-keys")
                        .set("providerManagement.credentialIssuer", "someone-else")
                        .failure())
                .contains("fix: --set providerManagement.credentialIssuer=capif-operator");
        assertThat(Helm.render()
                        .ci()
                        .set("providerManagement.sdkCompat.enabled", "true")
                        .set("providerManagement.credentialSecret", "capif-onboarding-credential-keys")
                        .objects()
                        .ofKind("Deployment"))
                .hasSize(5);
    }

    @Test
    void templateWhenNoCertificateSourceThenTheNamedSetFixesIt() {
        assertThat(Helm.render().ci().set("tls.certManager.enabled", "false").failure())
                .contains("fix: --set authorizationFunction.certificate.existingSecret=");
        assertThat(Helm.render().ci().set("tls.certManager.issuerRef.name", "").failure())
                .contains("fix: --set tls.certManager.issuerRef.name=");
    }

    @Test
    void templateWhenNetworkPolicySourcesOrDestinationsAreEmptyThenRefusedAndTheNamedSetFixesIt() throws IOException {
        Path noInvokers = Files.createTempFile(ChartTools.TOOLS, "no-invokers", ".yaml");
        Files.writeString(noInvokers, "networkPolicy:\n  invokers: []\n  gateways: []\n");
        assertThat(Helm.render().ci().file(noInvokers).failure()).contains("fix: --set networkPolicy.invokers[0].");
        assertThat(Helm.render()
                        .ci()
                        .file(noInvokers)
                        .set("networkPolicy.invokers[0].ipBlock.cidr", "198.51.100.0/24")
                        .objects()
                        .ofKind("NetworkPolicy"))
                .hasSize(5);
        Path noKafka = Files.createTempFile(ChartTools.TOOLS, "no-kafka", ".yaml");
        Files.writeString(noKafka, "networkPolicy:\n  egress:\n    kafka:\n      peers: []\n");
        assertThat(Helm.render().ci().file(noKafka).failure())
                .contains("fix: --set networkPolicy.egress.kafka.peers[0].");
        Files.delete(noInvokers);
        Files.delete(noKafka);
    }

    @Test
    void templateWhenAPeerMixesAnAddressBlockWithSelectorsThenSchemaRefusesIt() {
        assertThat(Helm.render()
                        .ci()
                        .set("networkPolicy.invokers[0].ipBlock.cidr", "198.51.100.0/24")
                        .failure())
                .contains("invokers");
    }

    @Test
    void templateWhenTheValidatorRunsWithoutTheAuthorizationFunctionThenRefused() {
        assertThat(Helm.render()
                        .ci()
                        .set("authorizationFunction.enabled", "false")
                        .failure())
                .contains("fix: --set authorizationFunction.enabled=true");
    }

    @Test
    void templateWhenProviderOrEventManagementDisabledThenNothingOfItIsRendered() {
        for (String key : List.of("providerManagement", "eventManagement")) {
            String component = key.equals("providerManagement") ? "provider-management" : "event-management";
            Rendered r = Helm.render().ci().set(key + ".enabled", "false").objects();
            assertThat(r.where(o -> component.equals(Rendered.at(o, "metadata.labels.app.kubernetes.io/component"))))
                    .as(key)
                    .isEmpty();
            assertThat(r.ofKind("Deployment")).as(key).hasSize(4);
        }
    }

    @Test
    void templateWhenEventManagementCallbackValuesAreMalformedThenRefused() {
        assertThat(Helm.render()
                        .ci()
                        .set("eventManagement.callbacks.allowedNetworks[0]", "intranet")
                        .failure())
                .contains("allowedNetworks");
        assertThat(Helm.render()
                        .ci()
                        .set("eventManagement.callbacks.trustSecret", "Not_A_Secret")
                        .failure())
                .contains("trustSecret");
        assertThat(Helm.render()
                        .ci()
                        .set("eventManagement.extraConfig.capif\\.callbacks\\.allow-http", "true")
                        .failure())
                .contains("fix: --set eventManagement.extraConfig.capif\\.callbacks\\.allow-http=null");
        assertThat(Helm.render()
                        .ci()
                        .set("eventManagement.image.repository", "")
                        .failure())
                .contains("fix: --set eventManagement.image.repository=");
    }
}
