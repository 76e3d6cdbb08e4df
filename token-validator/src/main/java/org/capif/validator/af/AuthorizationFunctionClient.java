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
        this.origin = base(URI.create(config.jwks().uri()));
    }

    /** The AF's base URI: the JWK Set URI without its {@code /.well-known/jwks.json} (keeps any path prefix). */
    static URI base(URI jwks) {
        String path = jwks.getPath() == null ? "" : jwks.getPath();
        int wellKnown = path.indexOf("/.well-known/");
        String prefix = wellKnown >= 0 ? path.substring(0, wellKnown) : "";
        return jwks.resolve(prefix + "/");
    }

    /** The authorization function refused the request: its status and body, for the caller to report. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String body) {
            super("the authorization function answered " + status + ": " + body, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
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
     * events. Completes normally when the AF revoked (204) or answered that there was nothing to revoke (404 with the
     * cause {@code SECURITY_CONTEXT_NOT_FOUND} or {@code API_INVOKER_NOT_FOUND}; any other 404, a wrong route say, is
     * not success); fails with {@link Refused} for any other 4xx, with another exception otherwise.
     */
    public Uni<Void> revokeAuthorization(String apiInvokerId, String aefId, List<String> apiIds, String cause) {
        JsonObject body = new JsonObject()
                .put("apiInvokerId", apiInvokerId)
                .put("aefId", aefId)
                .put("apiIds", apiIds)
                .put("cause", cause);
        String uri = origin.resolve("capif-security/v1/trustedInvokers/"
                        + URLEncoder.encode(apiInvokerId, StandardCharsets.UTF_8)
                                .replace("+", "%20")
                        + "/delete")
                .toString();
        return Uni.createFrom()
                .completionStage(() ->
                        client().postAbs(uri).timeout(5000).sendJsonObject(body).toCompletionStage())
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 204 || (status == 404 && nothingToRevoke(response.bodyAsString()))) {
                        return null;
                    }
                    if (status >= 400 && status < 500) {
                        throw new Refused(status, response.bodyAsString());
                    }
                    throw new IllegalStateException("the authorization function answered " + status);
                });
    }

    private static boolean nothingToRevoke(String body) {
        if (body == null) {
            return false;
        }
        try {
            String cause = new JsonObject(body).getString("cause");
            return "SECURITY_CONTEXT_NOT_FOUND".equals(cause) || "API_INVOKER_NOT_FOUND".equals(cause);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
