package org.capif.validator.af;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SSLOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.capif.validator.ValidatorConfig;
import org.jboss.logging.Logger;

/**
 * The validator's one HTTP client to the authorization function: mutual TLS with the validator's service certificate
 * ({@code urn:capif:service:...}), the CAPIF CA as the only trust anchor, host names verified, and the servers' policy
 * (TLS 1.3 and 1.2 with AEAD suites only). Its material and policy are the TLS registry's configuration
 * {@value #TLS_CONFIGURATION} ({@code quarkus.tls.af-client.*}, from {@code capif.jwks.client-cert},
 * {@code capif.jwks.client-key} and {@code capif.tls.ca-cert}); when the registry reloads it (every
 * {@code quarkus.tls.af-client.reload-period}), new connections use the new certificate and trust without a restart.
 * Used for the JWK Set and to forward AEFs' revocations. The authorization function is found at the origin of
 * {@code capif.jwks.uri}, where it serves both.
 */
@ApplicationScoped
public class AuthorizationFunctionClient {

    /** The TLS registry configuration of this client. */
    public static final String TLS_CONFIGURATION = "af-client";

    private static final Logger LOG = Logger.getLogger(AuthorizationFunctionClient.class);

    private final Vertx vertx;
    private final ValidatorConfig.Jwks config;
    private final TlsConfigurationRegistry registry;
    private final URI origin;
    private WebClient client;

    public AuthorizationFunctionClient(Vertx vertx, ValidatorConfig config, TlsConfigurationRegistry registry) {
        this.vertx = vertx;
        this.config = config.jwks();
        this.registry = registry;
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
            TlsConfiguration tls = tls();
            SSLOptions ssl = tls.getSSLOptions();
            WebClientOptions options = new WebClientOptions()
                    .setSsl(true)
                    .setVerifyHost(true)
                    .setKeyCertOptions(tls.getKeyStoreOptions())
                    .setTrustOptions(tls.getTrustStoreOptions())
                    .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols())
                    .setSslHandshakeTimeout(ssl.getSslHandshakeTimeout())
                    .setSslHandshakeTimeoutUnit(ssl.getSslHandshakeTimeoutUnit())
                    .setConnectTimeout(5000)
                    .setIdleTimeout(30);
            ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
            client = WebClient.create(vertx, options);
        }
        return client;
    }

    private TlsConfiguration tls() {
        return registry.get(TLS_CONFIGURATION)
                .orElseThrow(
                        () -> new IllegalStateException("quarkus.tls." + TLS_CONFIGURATION + " is not configured"));
    }

    /** The registry reloaded our certificate or trust: new connections use them (pooled ones keep theirs). */
    synchronized void reloaded(@Observes CertificateUpdatedEvent event) {
        if (!TLS_CONFIGURATION.equals(event.name()) || client == null) {
            return;
        }
        TlsConfiguration tls = event.tlsConfiguration();
        SSLOptions ssl = new SSLOptions(tls.getSSLOptions())
                .setKeyCertOptions(tls.getKeyStoreOptions())
                .setTrustOptions(tls.getTrustStoreOptions());
        client.updateSSLOptions(ssl, true)
                .onSuccess(v -> LOG.debug("client certificate and trust for the authorization function reloaded"))
                .onFailure(e -> LOG.errorf("reloaded TLS material for the authorization function not applied: %s", e));
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
