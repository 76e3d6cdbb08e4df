package org.capif.validator;

import static org.awaitility.Awaitility.await;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.net.URL;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.Revocation;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.SecurityEventType;
import org.capif.common.event.SubscribedApi;
import org.capif.common.event.TokenRevokedEvent;
import org.capif.testing.CapifTestResource;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.http.Https;
import org.capif.testing.jose.RawJws;
import org.capif.testing.kafka.TopicWriter;
import org.capif.testing.pki.Credential;
import org.capif.validator.state.ValidatorState;

/**
 * Plays the authorization function and invoker management for the validator's tests: publishes their events on the
 * real topics and mints tokens as the authorization function does (with SmallRye JWT, an independent implementation).
 */
public final class World {

    public static final String ISSUER = "https://capif.test/capif-security";
    public static final String AEF = "aef-demo";
    public static final SubscribedApi QOS = new SubscribedApi("api-qos", "as-session-with-qos", AEF, List.of("OAUTH"));
    public static final SubscribedApi MONITORING =
            new SubscribedApi("api-monitoring-event", "monitoring-event", AEF, List.of("OAUTH"));

    private static final Map<String, Credential> REGISTERED_AEFS = new ConcurrentHashMap<>();

    private World() {}

    /** An onboarded invoker with its client credential. */
    public record Invoker(String id, Credential credential) {}

    public static Invoker onboard() {
        String id = "inv-" + UUID.randomUUID();
        Credential credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        invokerEvent(id, 1, InvokerStatus.ACTIVE, credential);
        return new Invoker(id, credential);
    }

    public static void offboard(Invoker i) {
        invokerEvent(i.id(), 2, InvokerStatus.OFFBOARDED, i.credential());
    }

    /** The invoker's onboarding updated: a new certificate (re-keying) and the given subscriptions. */
    public static void update(Invoker i, long seq, Credential credential, SubscribedApi... apis) {
        invokerEvent(i.id(), seq, InvokerStatus.ACTIVE, credential, List.of(apis));
    }

    private static void invokerEvent(String id, long seq, InvokerStatus status, Credential credential) {
        invokerEvent(
                id, seq, status, credential, status == InvokerStatus.ACTIVE ? List.of(QOS, MONITORING) : List.of());
    }

    private static void invokerEvent(
            String id, long seq, InvokerStatus status, Credential credential, List<SubscribedApi> apis) {
        InvokerEvent e = new InvokerEvent(
                UUID.randomUUID(),
                status == InvokerStatus.ACTIVE
                        ? (seq == 1 ? InvokerEventType.API_INVOKER_ONBOARDED : InvokerEventType.API_INVOKER_UPDATED)
                        : InvokerEventType.API_INVOKER_OFFBOARDED,
                InvokerEvent.SCHEMA_VERSION,
                Instant.now(),
                id,
                seq,
                status,
                credential.thumbprint(),
                credential.certificate().getNotAfter().toInstant(),
                apis);
        TopicWriter.send(bootstrap(), "capif.invoker-events", id, EventCodec.encode(e));
    }

    /** A security event revoking, at {@code notBefore}, the given API names at the demo AEF. */
    public static void revokeContext(Invoker i, long sequence, Instant notBefore, String... apiNames) {
        List<Revocation> revocations = java.util.Arrays.stream(apiNames)
                .map(n -> new Revocation(AEF, n, notBefore, "UNEXPECTED_REASON"))
                .toList();
        SecurityEvent e = new SecurityEvent(
                UUID.randomUUID(),
                SecurityEventType.API_INVOKER_AUTHORIZATION_REVOKED,
                SecurityEvent.SCHEMA_VERSION,
                Instant.now(),
                i.id(),
                sequence,
                List.of(),
                revocations);
        TopicWriter.send(bootstrap(), "capif.security-events", i.id(), EventCodec.encode(e));
    }

    public static void policy(Invoker i, long sequence, ApiInvokerPolicy policy) {
        PolicyEvent e = new PolicyEvent(
                UUID.randomUUID(),
                PolicyEvent.SCHEMA_VERSION,
                Instant.now(),
                i.id(),
                AEF,
                QOS.apiId(),
                QOS.apiName(),
                sequence,
                policy);
        TopicWriter.send(
                bootstrap(), "capif.policy-events", PolicyEvent.key(i.id(), AEF, QOS.apiId()), EventCodec.encode(e));
    }

    public static void revokeToken(String jti, String invokerId, Instant exp) {
        TokenRevokedEvent e = new TokenRevokedEvent(
                UUID.randomUUID(), TokenRevokedEvent.SCHEMA_VERSION, Instant.now(), jti, invokerId, exp);
        TopicWriter.send(bootstrap(), "capif.token-revocations", jti, EventCodec.encode(e));
    }

    /** Token claims as the authorization function issues them, for the invoker's certificate, QOS and MONITORING. */
    public static Map<String, Object> claims(Invoker i) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", ISSUER);
        c.put("sub", i.id());
        c.put("client_id", i.id());
        c.put("aud", List.of(AEF));
        c.put("scope", "3gpp#aef-demo:as-session-with-qos,monitoring-event");
        c.put("iat", now);
        c.put("exp", now + 600);
        c.put("jti", UUID.randomUUID().toString());
        c.put("cnf", Map.of("x5t#S256", i.credential().thumbprint()));
        return c;
    }

    public static String token(Map<String, Object> claims) {
        return token(
                claims,
                "k1",
                "at+jwt",
                SignatureAlgorithm.ES256,
                SigningKeys.get("k1").getPrivate());
    }

    /**
     * A token signed by SmallRye JWT; an ES256 signature is put in the low-S form the authorization function emits (the
     * validator refuses the high-S twin, which half of raw ECDSA signatures are).
     */
    public static String token(Map<String, Object> claims, String kid, String typ, SignatureAlgorithm alg, Key key) {
        JwtClaimsBuilder b = Jwt.claims(claims);
        var jws = b.jws().keyId(kid).algorithm(alg);
        if (typ != null) {
            jws.header("typ", typ);
        }
        if (key instanceof javax.crypto.SecretKey secret) {
            return jws.sign(secret);
        }
        String token = jws.sign((java.security.PrivateKey) key);
        return alg == SignatureAlgorithm.ES256 ? RawJws.lowS(token) : token;
    }

    /** A token of raw header and claims JSON signed ES256 (low-S) with the published key k1. */
    public static String raw(String headerJson, String claimsJson) {
        return RawJws.sign(SigningKeys.get("k1").getPrivate(), headerJson, claimsJson);
    }

    /** Introspects (RFC 7662) as the given AEF; form parameters as name, value pairs after the token. */
    public static Response introspect(URL base, Credential aef, String token, String... more) {
        var spec = Https.as(CapifTestResource.pki(), base, aef).contentType(ContentType.URLENC);
        if (token != null) {
            spec.formParam("token", token);
        }
        for (int i = 0; i < more.length; i += 2) {
            spec.formParam(more[i], more[i + 1]);
        }
        return spec.post("/token-validator/v1/introspect");
    }

    /** Asks the validator as the given AEF. */
    public static Response decide(URL base, Credential aef, String token, String apiName, String thumbprint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", token);
        body.put("apiName", apiName);
        body.put("clientCertThumbprint", thumbprint);
        return Https.as(CapifTestResource.pki(), base, aef)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/token-validator/v1/decisions");
    }

    /**
     * The client credential of a registered AEF with this id: plays provider management's part (a provider event naming
     * the AEF with the certificate's thumbprint) and waits until the validator accepts it. One certificate per AEF id for
     * the whole test JVM, as a registration pins exactly one.
     */
    public static Credential aef(String id) {
        return REGISTERED_AEFS.computeIfAbsent(id, aefId -> {
            Credential credential = CapifTestResource.pki().client(CapifIdentity.aef(aefId));
            ProviderSide.registerAef(bootstrap(), aefId, credential.thumbprint());
            awaitRegistered(aefId, credential);
            return credential;
        });
    }

    /** Waits until the running validator holds this AEF registered with this credential's certificate. */
    public static void awaitRegistered(String aefId, Credential credential) {
        ValidatorState state = Arc.container().instance(ValidatorState.class).get();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> state.providers().current(CapifRole.AEF, aefId, credential.thumbprint()));
    }

    /** A certificate of an AEF id that no provider domain registered. */
    public static Credential unregisteredAef(String id) {
        return CapifTestResource.pki().client(CapifIdentity.aef(id));
    }

    /** Asks until the answer satisfies the predicate (events reach the validator asynchronously). */
    public static Response awaitDecision(
            URL base, Credential aef, String token, String api, String thumbprint, Predicate<Response> until) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = decide(base, aef, token, api, thumbprint);
                    return until.test(last[0]);
                });
        return last[0];
    }

    public static Predicate<Response> reason(String reason) {
        return r -> r.statusCode() == 200 && reason.equals(r.jsonPath().getString("reason"));
    }

    /** A JDK HTTP client with mutual TLS as this credential (keeps its connections, for latency measurements). */
    public static java.net.http.HttpClient httpClient(Credential client) {
        try {
            var pki = CapifTestResource.pki();
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(pki.keyStore(client))) {
                keys.load(in, org.capif.testing.pki.TestPki.STORE_PASSWORD.toCharArray());
            }
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(pki.trustStore())) {
                trust.load(in, org.capif.testing.pki.TestPki.STORE_PASSWORD.toCharArray());
            }
            var kmf =
                    javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, org.capif.testing.pki.TestPki.STORE_PASSWORD.toCharArray());
            var tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return java.net.http.HttpClient.newBuilder()
                    .sslContext(ssl)
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String bootstrap() {
        return System.getProperty("capif-test.kafka");
    }
}
