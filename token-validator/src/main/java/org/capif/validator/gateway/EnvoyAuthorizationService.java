package org.capif.validator.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.Thumbprints;
import org.capif.common.problem.ProblemDetails;
import org.capif.common.tls.AuthenticatedPeer;
import org.jboss.logging.Logger;

/**
 * Envoy's external authorization over gRPC ({@code envoy.service.auth.v3.Authorization/Check}, also Istio's
 * {@code envoyExtAuthzGrpc} provider), served on the validator's API port: HTTP/2 over the same mutual TLS, trust
 * store and policy as every other endpoint, so only a client with a CAPIF certificate completes the handshake.
 *
 * <p>From the {@code CheckRequest} it takes {@code attributes.request.http} (method, path with query, the
 * {@code authorization} header), the invoker's certificate ({@code attributes.source.certificate}, with
 * {@code include_peer_certificate: true}; else an {@code x-forwarded-client-cert} request header) and the route's
 * {@code context_extensions}: {@code aef_id} (optional, must be the caller's), {@code api_name} or {@code api_id}.
 * The verdict ({@link GatewayAuthorizer}) is an {@code ok_response} adding {@value ForwardAuthRoutes#INVOKER_HEADER}
 * (overwriting any the invoker sent) and removing {@code authorization}, so the upstream never sees the token; or a
 * {@code denied_response} with 401 or 403, {@code WWW-Authenticate} and a ProblemDetails body whose {@code cause} is the
 * validator's reason. A request the validator cannot decide on (caller not the registered AEF, not ready,
 * misconfigured route, a fault) ends the call with a gRPC error status instead, which Envoy with
 * {@code failure_mode_allow: false} turns into a refusal.
 */
@ApplicationScoped
public class EnvoyAuthorizationService {

    private static final Logger LOG = Logger.getLogger(EnvoyAuthorizationService.class);

    private final GatewayAuthorizer authorizer;

    /**
     * The caller of each TLS session, read once: a gateway sends all its checks over one long-lived HTTP/2 connection,
     * and its certificate cannot change within the session. Keyed by the session object itself (weak keys compare by
     * identity), so an answer is never another session's; whether the AEF is still registered is asked on every call.
     */
    private final Cache<SSLSession, Optional<AuthenticatedPeer>> callers = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(4096)
            .executor(Runnable::run)
            .build();

    public EnvoyAuthorizationService(GatewayAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    void register(@Observes Router router, Vertx vertx) {
        GrpcServer server = GrpcServer.server(vertx);
        server.callHandler(AuthorizationGrpc.getCheckMethod(), this::check);
        router.route("/" + AuthorizationGrpc.SERVICE_NAME + "/*")
                .order(Integer.MIN_VALUE + 10)
                .handler(ctx -> server.handle(ctx.request()));
    }

    private void check(GrpcServerRequest<CheckRequest, CheckResponse> call) {
        call.handler(check -> {
            SSLSession session = call.connection().sslSession();
            AuthenticatedPeer caller = session == null
                    ? null
                    : callers.get(session, EnvoyAuthorizationService::caller).orElse(null);
            authorizer
                    .authorize(caller, request(check))
                    .subscribe()
                    .with(
                            verdict -> {
                                if (verdict.reason() == null) {
                                    call.response()
                                            .status(grpcStatus(verdict.status()))
                                            .statusMessage(verdict.problem().cause() + ": "
                                                    + verdict.problem().detail())
                                            .end();
                                } else {
                                    call.response().end(response(verdict));
                                }
                            },
                            failure -> {
                                LOG.errorf(failure, "gateway decision failed");
                                call.response()
                                        .status(GrpcStatus.INTERNAL)
                                        .statusMessage("decision failed")
                                        .end();
                            });
        });
        call.errorHandler(e -> LOG.debugf("gRPC check call failed: %s", e));
    }

    static GatewayRequest request(CheckRequest check) {
        AttributeContext a = check.getAttributes();
        AttributeContext.HttpRequest http = a.getRequest().getHttp();
        Map<String, String> headers = http.getHeadersMap();
        Map<String, String> context = a.getContextExtensionsMap();
        String certificate = a.getSource().getCertificate();
        Optional<String> thumbprint = !certificate.isEmpty()
                ? ForwardedCertificates.fromEscapedPem(certificate)
                : ForwardedCertificates.fromXfcc(headers.get(ForwardedCertificates.XFCC));
        return new GatewayRequest(
                emptyToNull(context.get("aef_id")),
                emptyToNull(context.get("api_name")),
                emptyToNull(context.get("api_id")),
                emptyToNull(http.getMethod()),
                emptyToNull(http.getPath()),
                headers.get("authorization"),
                thumbprint.orElse(null));
    }

    static CheckResponse response(GatewayVerdict verdict) {
        if (verdict.allowed()) {
            return CheckResponse.newBuilder()
                    .setStatus(com.google.rpc.Status.newBuilder().setCode(GrpcStatus.OK.code))
                    .setOkResponse(OkHttpResponse.newBuilder()
                            .addHeaders(header(ForwardAuthRoutes.INVOKER_HEADER, verdict.apiInvokerId()))
                            .addHeadersToRemove("authorization"))
                    .build();
        }
        DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
                .setStatus(HttpStatus.newBuilder().setCode(StatusCode.forNumber(verdict.status())))
                .addHeaders(header("content-type", ProblemDetails.MEDIA_TYPE))
                .addHeaders(header("cache-control", "no-store"))
                .addHeaders(
                        header(ForwardAuthRoutes.REASON_HEADER, verdict.reason().name()))
                .setBody(Json.encode(verdict.problem()));
        if (verdict.challenge() != null) {
            denied.addHeaders(header("www-authenticate", verdict.challenge()));
        }
        return CheckResponse.newBuilder()
                .setStatus(com.google.rpc.Status.newBuilder()
                        .setCode(
                                verdict.status() == 401
                                        ? GrpcStatus.UNAUTHENTICATED.code
                                        : GrpcStatus.PERMISSION_DENIED.code))
                .setDeniedResponse(denied)
                .build();
    }

    private static HeaderValueOption header(String key, String value) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(key).setValue(value))
                .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
                .build();
    }

    private static GrpcStatus grpcStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> GrpcStatus.INVALID_ARGUMENT;
            case 401 -> GrpcStatus.UNAUTHENTICATED;
            case 403 -> GrpcStatus.PERMISSION_DENIED;
            case 503 -> GrpcStatus.UNAVAILABLE;
            default -> GrpcStatus.INTERNAL;
        };
    }

    /** The caller of the gRPC call: the CAPIF identity of its verified client certificate, if any. */
    private static Optional<AuthenticatedPeer> caller(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return CapifIdentity.of(leaf).map(id -> new AuthenticatedPeer(id, Thumbprints.x5tS256(leaf), leaf));
            }
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
