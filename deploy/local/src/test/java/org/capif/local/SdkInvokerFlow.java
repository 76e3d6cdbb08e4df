package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.common.cert.Pem;

/**
 * The OpenCAPIF SDK's invoker flow, replayed request by request as the SDK (opencapif_sdk 0.1.21) sends it, against the
 * stack's one-origin front (decision D26) with the SDK compatibility login on (D25): {@code GET /getauth} with Basic
 * credentials, onboarding with the Bearer token and no client certificate (RSA-2048 CSR, {@code supportedFeatures ""},
 * a placeholder {@code websocketUri}), discovery for itself, {@code POST .../update} answered 404 and then
 * {@code PUT} of a context for every discovered API and AEF with the methods discovery named, and a token for all of
 * them with the SDK's scope and dummy {@code client_secret}; every call on one origin, trusting only the CA the login
 * returned.
 */
final class SdkInvokerFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningStack stack;
    private final Path dir;

    SdkInvokerFlow(RunningStack stack) throws Exception {
        this.stack = stack;
        this.dir = Files.createDirectories(stack.state().resolve("sdk-" + UUID.randomUUID()));
    }

    void run() throws Exception {
        String front = stack.env("CAPIF_FRONT_URL");
        PlainHttps operator = PlainHttps.of(
                stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_OPERATOR_CERT"), stack.path("CAPIF_OPERATOR_KEY"));
        String user = "sdk-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = operator.send(
                "PUT",
                front + "/capif-admin/v1/sdk-users/" + user,
                "application/json",
                "{\"password\":\"correct horse battery staple\",\"role\":\"invoker\",\"defaultApis\":[\"*\"]}");
        // the admin API is not routed by the front: created directly at provider management
        if (created.statusCode() == 404) {
            created = operator.send(
                    "PUT",
                    stack.env("CAPIF_PROVIDER_MANAGEMENT_URL") + "/capif-admin/v1/sdk-users/" + user,
                    "application/json",
                    "{\"password\":\"correct horse battery staple\",\"role\":\"invoker\",\"defaultApis\":[\"*\"]}");
        }
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> auth = PlainHttps.of(stack.path("CAPIF_CA_CERT"), null, null)
                .send(
                        "GET",
                        front + "/getauth",
                        "application/json",
                        null,
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":correct horse battery staple")
                                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(200);
        JsonNode login = JSON.readTree(auth.body());
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, login.path("ca_root").asText());

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(
                        new X500Name("CN=invoker_sdk,O=Telefonica,OU=I\\+D,L=Madrid,ST=Madrid,C=ES"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        Map<String, Object> enrolment = new LinkedHashMap<>();
        enrolment.put("notificationDestination", "http://localhost:5000/");
        enrolment.put("supportedFeatures", "");
        enrolment.put("apiInvokerInformation", "invoker_sdk");
        enrolment.put("websockNotifConfig", Map.of("requestWebsocketUri", true, "websocketUri", "websocketUri"));
        enrolment.put("onboardingInformation", Map.of("apiInvokerPublicKey", csr));
        enrolment.put("requestTestNotification", true);
        HttpResponse<String> onboarded = PlainHttps.of(ca, null, null)
                .send(
                        "POST",
                        front + "/" + login.path("ccf_onboarding_url").asText(),
                        "application/json",
                        JSON.writeValueAsString(enrolment),
                        "Authorization",
                        "Bearer " + login.path("access_token").asText());
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        JsonNode details = JSON.readTree(onboarded.body());
        String id = details.path("apiInvokerId").asText();
        Files.writeString(
                dir.resolve("invoker.crt"),
                details.path("onboardingInformation")
                        .path("apiInvokerCertificate")
                        .asText());
        Files.writeString(dir.resolve("private.key"), Pem.encode(keys.getPrivate()));
        PlainHttps invoker = PlainHttps.of(ca, dir.resolve("invoker.crt"), dir.resolve("private.key"));

        HttpResponse<String> discovered = invoker.send(
                "GET", front + "/" + login.path("ccf_discover_url").asText() + id, "application/json", null);
        assertThat(discovered.statusCode()).as(discovered.body()).isEqualTo(200);
        List<Map<String, Object>> securityInfo = new ArrayList<>();
        List<String> scope = new ArrayList<>();
        for (JsonNode api : JSON.readTree(discovered.body()).path("serviceAPIDescriptions")) {
            for (JsonNode profile : api.path("aefProfiles")) {
                assertThat(profile.path("securityMethods").isArray())
                        .as(profile.toString())
                        .isTrue();
                List<String> methods = new ArrayList<>();
                profile.path("securityMethods").forEach(m -> methods.add(m.asText()));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("prefSecurityMethods", methods);
                entry.put("authenticationInfo", "string");
                entry.put("authorizationInfo", "string");
                entry.put("aefId", profile.path("aefId").asText());
                entry.put("apiId", api.path("apiId").asText());
                securityInfo.add(entry);
                scope.add(profile.path("aefId").asText() + ":"
                        + api.path("apiName").asText());
            }
        }
        assertThat(securityInfo).isNotEmpty();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("securityInfo", securityInfo);
        context.put("notificationDestination", "http://localhost:5000/");
        context.put("requestTestNotification", true);
        context.put("websockNotifConfig", Map.of("websocketUri", "string", "requestWebsocketUri", true));
        context.put("supportedFeatures", "0");
        String body = JSON.writeValueAsString(context);
        String trusted = front + "/capif-security/v1/trustedInvokers/" + id;
        HttpResponse<String> update = invoker.send("POST", trusted + "/update", "application/json", body);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(404);
        HttpResponse<String> put = invoker.send("PUT", trusted, "application/json", body);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        String form = "grant_type=client_credentials&client_id=" + id + "&client_secret=string&scope="
                + URLEncoder.encode("3gpp#" + String.join(";", scope), StandardCharsets.UTF_8);
        HttpResponse<String> token = invoker.send(
                "POST",
                front + "/capif-security/v1/securities/" + id + "/token",
                "application/x-www-form-urlencoded",
                form);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(JSON.readTree(token.body()).path("access_token").asText()).isNotBlank();

        // the forwarded certificate is the front's to set: a client's own header is replaced through the front, and
        // ignored by a service reached directly
        HttpResponse<String> forged = PlainHttps.of(ca, null, null)
                .send(
                        "GET",
                        stack.env("CAPIF_INVOKER_MANAGEMENT_URL") + "/service-apis/v1/allServiceAPIs?api-invoker-id="
                                + id,
                        null,
                        null,
                        "X-Capif-Client-Cert",
                        URLEncoder.encode(Files.readString(dir.resolve("invoker.crt")), StandardCharsets.UTF_8));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body()).path("cause").asText()).isEqualTo("CLIENT_CERTIFICATE_REQUIRED");
        HttpResponse<String> forgedThroughFront = PlainHttps.of(ca, null, null)
                .send(
                        "GET",
                        trusted,
                        null,
                        null,
                        "X-Capif-Client-Cert",
                        URLEncoder.encode(Files.readString(dir.resolve("invoker.crt")), StandardCharsets.UTF_8));
        assertThat(forgedThroughFront.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forgedThroughFront.body()).path("cause").asText())
                .isEqualTo("CLIENT_CERTIFICATE_REQUIRED");
    }
}
