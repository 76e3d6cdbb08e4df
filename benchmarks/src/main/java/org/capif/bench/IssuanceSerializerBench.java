package org.capif.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.capif.common.cert.KeyPairs;
import org.capif.common.crypto.CryptoProviders;
import org.capif.common.jose.EcdsaSignatures;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Micro-benchmark for the issuer decision of issue 10 (docs/decisions.md D9): the CPU one access token costs when its
 * JSON is written by hand and signed with a cached {@link Signature} (the serializer {@code AccessTokenIssuer} keeps),
 * against jose4j building the identical token ({@link JwtClaims} + {@link JsonWebSignature}), each with and without the
 * low-S normalisation the issuer now applies. Single thread, the native provider installed as the services install it
 * ({@link CryptoProviders}). Rounds of each variant alternate so that drift on a shared machine hits them alike; the
 * median per-token time of each is printed, with jose4j's extra cost as a share of the ~65 us of CPU a token costs
 * at the measured peak (31,000 tokens/s on 2 cores).
 *
 * <p>Run: {@code mvn-locked -B -q -pl benchmarks -am compile -DskipTests} then
 * {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
 * org.capif.bench.IssuanceSerializerBench [rounds] [tokensPerRound]}.
 */
public final class IssuanceSerializerBench {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ISSUER = "https://capif.example.com/capif-security";
    private static final String KID = "k-2026-01";
    private static final String INVOKER = UUID.randomUUID().toString();
    private static final List<String> AUD = List.of("aef-demo", "aef-two");
    private static final String SCOPE = "3gpp#aef-demo:as-session-with-qos,monitoring-event;aef-two:traffic-influence";
    private static final String THUMBPRINT = "oi-CyuEgcsl6_-L0PkIw5xZx869ZZ8qfWXPTJ1ZbP88";
    private static final double CPU_PER_TOKEN_AT_PEAK_US = 2 * 1e6 / 31_000.0;

    private IssuanceSerializerBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        String provider = CryptoProviders.install(true);
        KeyPair keys = KeyPairs.ecP256();
        Hand handIssuer = new Hand((ECPrivateKey) keys.getPrivate());
        long iat = System.currentTimeMillis() / 1000;

        // the same token both ways: header and claims byte for byte; signatures differ only by ECDSA's randomness
        String jti = UUID.randomUUID().toString();
        String sample = handIssuer.issue(iat, jti, true);
        String[] a = sample.split("\\.");
        String[] b = jose4j(keys, iat, jti, false).split("\\.");
        if (!a[0].equals(b[0]) || !a[1].equals(b[1])) {
            throw new IllegalStateException(
                    "the two serializers build different tokens:\n" + a[0] + "." + a[1] + "\n" + b[0] + "." + b[1]);
        }

        List<Variant> variants = List.of(
                new Variant("hand serializer (before issue 10)", n -> handIssuer.issue(iat + n, jti, false)),
                new Variant("hand serializer + low-S (the issuer now)", n -> handIssuer.issue(iat + n, jti, true)),
                new Variant("jose4j JwtClaims + JsonWebSignature", n -> jose4j(keys, iat + n, jti, false)),
                new Variant("jose4j + low-S", n -> jose4j(keys, iat + n, jti, true)));
        for (Variant v : variants) {
            v.round(perRound); // warm-up
            v.round(perRound);
        }
        for (int r = 0; r < rounds; r++) {
            for (Variant v : variants) {
                v.samples.add(v.round(perRound));
            }
        }
        System.out.printf(
                "ES256 access token issuance, single thread, provider %s, %s %s, %d rounds x %d tokens%n",
                provider, System.getProperty("java.vm.name"), System.getProperty("java.version"), rounds, perRound);
        System.out.printf("token: %d characters, %d AEFs in aud%n", sample.length(), AUD.size());
        for (Variant v : variants) {
            System.out.printf(
                    "  %-46s median %6.2f us/token  (min %6.2f, max %6.2f)%n", v.name, v.median(), v.min(), v.max());
        }
        double hand = variants.get(1).median();
        double jose = variants.get(3).median();
        double extra = jose - hand;
        System.out.printf(
                "jose4j's extra cost (both low-S): %.2f us/token = %.1f%% of the %.1f us of CPU per token at peak (limit 15%%)%n",
                extra, 100 * extra / CPU_PER_TOKEN_AT_PEAK_US, CPU_PER_TOKEN_AT_PEAK_US);
    }

    /** One way of issuing, with its per-round results in us per token. */
    private static final class Variant {
        final String name;
        final IntFunction<String> issue;
        final List<Double> samples = new ArrayList<>();
        long sink;

        Variant(String name, IntFunction<String> issue) {
            this.name = name;
            this.issue = issue;
        }

        double round(int n) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += issue.apply(i & 1023).length();
            }
            return (System.nanoTime() - start) / 1e3 / n;
        }

        double median() {
            List<Double> s = new ArrayList<>(samples);
            Collections.sort(s);
            return s.get(s.size() / 2);
        }

        double min() {
            return Collections.min(samples);
        }

        double max() {
            return Collections.max(samples);
        }
    }

    /** The token as the issuer builds it with jose4j. */
    static String jose4j(KeyPair keys, long iat, String jti, boolean lowS) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(INVOKER);
        claims.setClaim("client_id", INVOKER);
        claims.setClaim("aud", AUD);
        claims.setClaim("scope", SCOPE);
        claims.setIssuedAt(NumericDate.fromSeconds(iat));
        claims.setExpirationTime(NumericDate.fromSeconds(iat + 600));
        claims.setJwtId(jti);
        claims.setClaim("cnf", Map.of("x5t#S256", THUMBPRINT));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue("ES256");
        jws.setHeader("typ", "at+jwt");
        jws.setKeyIdHeaderValue(KID);
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        try {
            String compact = jws.getCompactSerialization();
            if (!lowS) {
                return compact;
            }
            int dot = compact.lastIndexOf('.');
            byte[] rs = Base64.getUrlDecoder().decode(compact.substring(dot + 1));
            byte[] low = EcdsaSignatures.toLowS(rs);
            return low == rs ? compact : compact.substring(0, dot + 1) + B64.encodeToString(low);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hand serializer of AccessTokenIssuer, as it was before issue 10 (its DER conversion) and as it is now. */
    private static final class Hand {
        final String header;
        final Signature signature;

        Hand(ECPrivateKey key) throws GeneralSecurityException {
            this.header = B64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + KID + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            this.signature = Signature.getInstance("SHA256withECDSA");
            this.signature.initSign(key);
        }

        /** The token; {@code now}: R||S by jose4j and low-S, as the issuer does now; else the old conversion. */
        String issue(long iat, String jti, boolean now) {
            StringBuilder claims = new StringBuilder(256)
                    .append("{\"iss\":\"")
                    .append(ISSUER)
                    .append("\",\"sub\":\"")
                    .append(INVOKER)
                    .append("\",\"client_id\":\"")
                    .append(INVOKER)
                    .append("\",\"aud\":[");
            boolean first = true;
            for (String aef : AUD) {
                if (!first) {
                    claims.append(',');
                }
                first = false;
                claims.append('"').append(aef).append('"');
            }
            claims.append("],\"scope\":\"")
                    .append(SCOPE)
                    .append("\",\"iat\":")
                    .append(iat)
                    .append(",\"exp\":")
                    .append(iat + 600)
                    .append(",\"jti\":\"")
                    .append(jti)
                    .append("\",\"cnf\":{\"x5t#S256\":\"")
                    .append(THUMBPRINT)
                    .append("\"}}");
            String signingInput =
                    header + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
            try {
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                byte[] der = signature.sign();
                byte[] rs = now
                        ? EcdsaSignatures.toLowS(EcdsaUsingShaAlgorithm.convertDerToConcatenated(der, 64))
                        : derToConcat(der, 32);
                return signingInput + "." + B64.encodeToString(rs);
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static byte[] derToConcat(byte[] der, int size) {
            int offset = (der[1] & 0x80) != 0 ? 2 + (der[1] & 0x7f) : 2;
            byte[] out = new byte[2 * size];
            offset = copyInteger(der, offset, out, 0, size);
            copyInteger(der, offset, out, size, size);
            return out;
        }

        private static int copyInteger(byte[] der, int offset, byte[] out, int outOffset, int size) {
            int length = der[offset + 1];
            int start = offset + 2;
            int from = start;
            int len = length;
            while (len > size && der[from] == 0) {
                from++;
                len--;
            }
            System.arraycopy(der, from, out, outOffset + size - len, len);
            return start + length;
        }
    }
}
