package org.capif.validator.af;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.capif.common.config.CommonConfig;
import org.capif.validator.ValidatorConfig;

/**
 * The validator's one HTTP client to the authorization function: mutual TLS 1.3 with the validator's service
 * certificate ({@code urn:capif:service:...}), the CAPIF CA as the only trust anchor, host names verified. Used for the
 * JWK Set and to forward AEFs' revocations. The authorization function is found at the origin of
 * {@code capif.jwks.uri}, where it serves both.
 */
@ApplicationScoped
public class AuthorizationFunctionClient {

    private final Vertx vertx;
    private final ValidatorConfig.Jwks config;
    private final CommonConfig common;
    private final URI origin;
    private WebClient client;

    public AuthorizationFunctionClient(Vertx vertx, ValidatorConfig config, CommonConfig common) {
        this.vertx = vertx;
        this.config = config.jwks();
        this.common = common;
        this.origin = URI.create(config.jwks().uri()).resolve("/");
    }

    /** The client, created on first use. */
    public synchronized WebClient client() {
        if (client == null) {
            client = WebClient.create(
                    vertx,
                    new WebClientOptions()
                            .setSsl(true)
                            .setVerifyHost(true)
                            .setKeyCertOptions(new PemKeyCertOptions()
                                    .setCertPath(config.clientCert().toString())
                                    .setKeyPath(config.clientKey().toString()))
                            .setTrustOptions(new PemTrustOptions()
                                    .addCertPath(common.tls().caCert().toString()))
                            .addEnabledSecureTransportProtocol("TLSv1.3")
                            .setConnectTimeout(5000)
                            .setIdleTimeout(30));
        }
        return client;
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    /** GET of the JWK Set. */
    public Uni<HttpResponse<Buffer>> jwks() {
        return Uni.createFrom()
                .completionStage(() -> client().getAbs(config.uri()).send().toCompletionStage());
    }

    /**
     * TS 29.222 Revoke_Authorization at the authorization function ({@code POST /trustedInvokers/{id}/delete}) on behalf
     * of the AEF that asked the validator: the durable revocation, which every validator then learns from the security
     * events. Completes normally when the AF revoked (204) or had no authorization to revoke for this AEF (404); fails
     * otherwise.
     */
    public Uni<Void> revokeAuthorization(String apiInvokerId, String aefId, List<String> apiIds, String cause) {
        JsonObject body = new JsonObject()
                .put("apiInvokerId", apiInvokerId)
                .put("aefId", aefId)
                .put("apiIds", apiIds)
                .put("cause", cause);
        String uri = origin.resolve("/capif-security/v1/trustedInvokers/"
                        + URLEncoder.encode(apiInvokerId, StandardCharsets.UTF_8)
                                .replace("+", "%20")
                        + "/delete")
                .toString();
        return Uni.createFrom()
                .completionStage(() ->
                        client().postAbs(uri).timeout(5000).sendJsonObject(body).toCompletionStage())
                .map(response -> {
                    if (response.statusCode() != 204 && response.statusCode() != 404) {
                        throw new IllegalStateException("the authorization function answered " + response.statusCode()
                                + ": " + response.bodyAsString());
                    }
                    return null;
                });
    }
}
