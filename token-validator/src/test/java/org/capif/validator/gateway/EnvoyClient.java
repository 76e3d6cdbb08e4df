package org.capif.validator.gateway;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.capif.testing.CapifTestResource;
import org.capif.testing.pki.Credential;

/**
 * A real gRPC client of Envoy's {@code envoy.service.auth.v3.Authorization} service, built from Envoy's own generated
 * stubs ({@code io.envoyproxy.controlplane:api}), over HTTP/2 with mutual TLS as the given caller: what Envoy's
 * ext_authz filter sends, without an Envoy binary.
 */
final class EnvoyClient implements AutoCloseable {

    /** The call's outcome: its gRPC status, and the response if the call succeeded. */
    record Outcome(GrpcStatus status, String message, CheckResponse response) {}

    private final Vertx vertx = Vertx.vertx();
    private final GrpcClient client;
    private final SocketAddress address;

    EnvoyClient(URL base, Credential caller) {
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions()
                        .addCertPath(CapifTestResource.pki().caCertFile().toString()));
        if (caller != null) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(caller.certificatePem()))
                    .setKeyValue(Buffer.buffer(caller.privateKeyPem())));
        }
        client = GrpcClient.client(vertx, options);
        address = SocketAddress.inetSocketAddress(base.getPort(), "localhost");
    }

    Outcome check(CheckRequest request) throws Exception {
        Future<Outcome> outcome = client.request(address, AuthorizationGrpc.getCheckMethod())
                .compose(call -> {
                    call.end(request);
                    return call.response().compose(response -> response.last()
                            .map(m -> new Outcome(response.status(), response.statusMessage(), m))
                            .recover(e -> Future.succeededFuture(
                                    new Outcome(response.status(), response.statusMessage(), null))));
                });
        return outcome.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What Envoy sends for a request with these attributes; {@code invoker} null: no peer certificate. */
    static CheckRequest request(
            String method, String path, String authorization, Credential invoker, Map<String, String> context) {
        AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
                .setMethod(method)
                .setPath(path)
                .setHost("aef-gateway.example.com")
                .setScheme("https")
                .putHeaders(":method", method)
                .putHeaders(":path", path);
        if (authorization != null) {
            http.putHeaders("authorization", authorization);
        }
        AttributeContext.Builder attributes = AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
                .putAllContextExtensions(context);
        if (invoker != null) {
            attributes.setSource(AttributeContext.Peer.newBuilder().setCertificate(escapedPem(invoker)));
        }
        return CheckRequest.newBuilder().setAttributes(attributes).build();
    }

    /** The PEM escaped as Envoy escapes it ({@code \n}, space, {@code +}, {@code /}, {@code =}). */
    static String escapedPem(Credential c) {
        StringBuilder out = new StringBuilder();
        for (byte b : c.certificatePem().getBytes(StandardCharsets.US_ASCII)) {
            char ch = (char) b;
            if (ch == '\n' || ch == ' ' || ch == '+' || ch == '/' || ch == '=') {
                out.append(String.format("%%%02X", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
