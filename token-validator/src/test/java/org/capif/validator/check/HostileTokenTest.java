package org.capif.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.jose.RawJws;
import org.capif.testing.pki.Credential;
import org.capif.validator.LogCapture;
import org.capif.validator.World;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile tokens (RFC 8725, RFC 7515, RFC 7519) against the decision and the introspection endpoints: each is refused
 * with a stable reason (introspection: inactive), never a 500, and leaves no error or stack trace in the log. The
 * comment on each case says what the hand-written verifier this replaces did with it.
 */
@QuarkusTest
class HostileTokenTest {

    private static final String HEADER = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServerSocket trap;
    private static final AtomicInteger TRAPPED = new AtomicInteger();

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);
    private World.Invoker invoker;
    private String claims;

    /** Counts every connection to a loopback port that jku and x5u headers point to: nothing may ever connect. */
    @BeforeAll
    static void trap() throws IOException {
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    TRAPPED.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void closeTrap() throws IOException {
        trap.close();
    }

    @BeforeEach
    void onboardedInvoker() throws Exception {
        invoker = World.onboard();
        Map<String, Object> c = World.claims(invoker);
        claims = JSON.writeValueAsString(c);
        World.awaitDecision(
                base,
                aef,
                World.raw(HEADER + "}", claims),
                "as-session-with-qos",
                invoker.credential().thumbprint(),
                World.reason("OK"));
    }

    private static Arguments hostile(String name, Function<String, String> token, String reason) {
        return Arguments.of(name, token, reason);
    }

    private static final java.security.KeyPair ATTACKER = KeyPairs.ecP256();

    private static String byAttacker(String header, String claims) {
        return RawJws.sign(ATTACKER.getPrivate(), header, claims);
    }

    private static String attackerJwk() {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(ATTACKER.getPublic()).toJson();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> hostileTokens() {
        String trapUri = "\"https://127.0.0.1:" + trap.getLocalPort() + "/keys\"";
        return Stream.of(
                // each of the next ones was a 500: a null kid reached the key lookup
                hostile("no kid", c -> World.raw("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", c), "UNKNOWN_KEY"),
                hostile("kid a number", c -> World.raw(HEADER.replace("\"k1\"", "5") + "}", c), "TOKEN_MALFORMED"),
                hostile("kid null", c -> World.raw(HEADER.replace("\"k1\"", "null") + "}", c), "TOKEN_MALFORMED"),
                hostile(
                        "kid an array",
                        c -> World.raw(HEADER.replace("\"k1\"", "[\"k1\"]") + "}", c),
                        "TOKEN_MALFORMED"),
                hostile("kid an object", c -> World.raw(HEADER.replace("\"k1\"", "{}") + "}", c), "TOKEN_MALFORMED"),
                hostile(
                        "jwk instead of kid",
                        c -> byAttacker("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"jwk\":" + attackerJwk() + "}", c),
                        "UNKNOWN_KEY"),
                hostile(
                        "x5c instead of kid",
                        c -> World.raw("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"x5c\":[\"MIIB\"]}", c),
                        "UNKNOWN_KEY"),
                hostile(
                        "jku instead of kid",
                        c -> World.raw("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"jku\":" + trapUri + "}", c),
                        "UNKNOWN_KEY"),
                hostile(
                        "x5u instead of kid",
                        c -> World.raw("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"x5u\":" + trapUri + "}", c),
                        "UNKNOWN_KEY"),
                // signed by the attacker, whose keys the headers point to: only the published k1 counts
                hostile("jku next to kid", c -> byAttacker(HEADER + ",\"jku\":" + trapUri + "}", c), "BAD_SIGNATURE"),
                hostile(
                        "jwk next to kid",
                        c -> byAttacker(HEADER + ",\"jwk\":" + attackerJwk() + "}", c),
                        "BAD_SIGNATURE"),
                // allowed before: crit was ignored
                hostile("crit empty", c -> World.raw(HEADER + ",\"crit\":[]}", c), "UNSUPPORTED_CRITICAL_HEADER"),
                hostile(
                        "crit exp",
                        c -> World.raw(HEADER + ",\"crit\":[\"exp\"],\"exp\":1}", c),
                        "UNSUPPORTED_CRITICAL_HEADER"),
                hostile(
                        "b64 false",
                        c -> World.raw(HEADER + ",\"b64\":false,\"crit\":[\"b64\"]}", c),
                        "UNSUPPORTED_CRITICAL_HEADER"),
                hostile(
                        "b64 false uncritical",
                        c -> World.raw(HEADER + ",\"b64\":false}", c),
                        "UNSUPPORTED_CRITICAL_HEADER"),
                // allowed before: a second string for the same token
                hostile("padded signature", c -> World.raw(HEADER + "}", c) + "==", "TOKEN_MALFORMED"),
                hostile("stray bits", HostileTokenTest::strayBits, "TOKEN_MALFORMED"),
                hostile("high-S twin", c -> RawJws.highSTwin(World.raw(HEADER + "}", c)), "BAD_SIGNATURE"),
                // the last of two members won before
                hostile(
                        "duplicate header member",
                        c -> World.raw(HEADER + ",\"alg\":\"ES256\"}", c),
                        "TOKEN_MALFORMED"),
                hostile(
                        "duplicate claim",
                        c -> World.raw(HEADER + "}", c.replace("\"aud\":", "\"aud\":[\"aef-two\"],\"aud\":")),
                        "TOKEN_MALFORMED"),
                hostile(
                        "alg in lower case",
                        c -> World.raw(HEADER.replace("ES256", "es256") + "}", c),
                        "ALGORITHM_NOT_ALLOWED"),
                hostile(
                        "typ in upper case",
                        c -> World.raw(HEADER.replace("at+jwt", "AT+JWT") + "}", c),
                        "WRONG_TOKEN_TYPE"),
                hostile(
                        "typ as media type",
                        c -> World.raw(HEADER.replace("at+jwt", "application/at+jwt") + "}", c),
                        "WRONG_TOKEN_TYPE"),
                hostile(
                        "five parts (JWE or nested)",
                        c -> World.raw(HEADER + "}", c) + ".AAAA.BBBB",
                        "TOKEN_MALFORMED"),
                // expired (an overflow) before
                hostile(
                        "exp beyond year 9999",
                        c -> World.raw(HEADER + "}", c.replaceFirst("\"exp\":[0-9]+", "\"exp\":9223372036854775807")),
                        "TOKEN_MALFORMED"),
                // truncated to an integer and allowed before
                hostile(
                        "iat with a fraction",
                        c -> World.raw(HEADER + "}", c.replaceFirst("\"iat\":([0-9]+)", "\"iat\":$1.5")),
                        "TOKEN_MALFORMED"),
                // the number was dropped and the token allowed before
                hostile(
                        "aud with a number",
                        c -> World.raw(HEADER + "}", c.replaceFirst("\"aud\":\\[", "\"aud\":[5,")),
                        "TOKEN_MALFORMED"),
                hostile(
                        "aud an object",
                        c -> World.raw(
                                HEADER + "}", c.replaceFirst("\"aud\":\\[[^\\]]*\\]", "\"aud\":{\"aef-demo\":1}")),
                        "TOKEN_MALFORMED"));
    }

    /** The token with the unused low bits of its last character set: the same bytes, another string. */
    private static String strayBits(String claims) {
        String token = World.raw(HEADER + "}", claims);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void decideAndIntrospectWhenHostileTokenThenRefusedWithItsReasonAndNoFaultLogged(
            String name, Function<String, String> build, String reason) {
        String token = build.apply(claims);
        try (LogCapture log = LogCapture.start()) {
            Response decision = World.decide(
                    base,
                    aef,
                    token,
                    "as-session-with-qos",
                    invoker.credential().thumbprint());
            assertThat(decision.statusCode()).as(decision.asString()).isEqualTo(200);
            assertThat(decision.jsonPath().getString("decision")).isEqualTo("DENY");
            assertThat(decision.jsonPath().getString("reason")).isEqualTo(reason);
            Response introspection = World.introspect(base, aef, token);
            assertThat(introspection.statusCode()).as(introspection.asString()).isEqualTo(200);
            assertThat(introspection.jsonPath().getMap("$")).isEqualTo(Map.of("active", false));
            assertThat(log.faults()).isEmpty();
        }
        assertThat(TRAPPED.get()).as("connections to jku/x5u").isZero();
    }

    @Test
    void decideWhenTheCanonicalTokenThenAllowedAndItsTwinsStillRefusedAfterwards() {
        // the canonical token verified and cached must not make a re-encoding of it pass the cache
        String token = World.raw(HEADER + "}", claims);
        String thumbprint = invoker.credential().thumbprint();
        assertThat(World.decide(base, aef, token, "as-session-with-qos", thumbprint)
                        .jsonPath()
                        .getString("reason"))
                .isEqualTo("OK");
        assertThat(World.decide(base, aef, RawJws.highSTwin(token), "as-session-with-qos", thumbprint)
                        .jsonPath()
                        .getString("reason"))
                .isEqualTo("BAD_SIGNATURE");
        assertThat(World.decide(base, aef, strayBits(claims), "as-session-with-qos", thumbprint)
                        .jsonPath()
                        .getString("reason"))
                .isEqualTo("TOKEN_MALFORMED");
    }
}
