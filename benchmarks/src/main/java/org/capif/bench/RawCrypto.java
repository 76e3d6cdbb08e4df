package org.capif.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import org.capif.common.cert.KeyPairs;

/** Single-thread ES256 signing and verification rates of whatever provider serves SHA256withECDSA now. */
final class RawCrypto {

    private RawCrypto() {}

    /** A JWT-sized signing input (the size of our access tokens' header and claims). */
    static final byte[] INPUT = ("x".repeat(600)).getBytes(StandardCharsets.US_ASCII);

    static double signPerSecond(double seconds) throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        run(() -> sign(s), 0.5);
        return run(() -> sign(s), seconds);
    }

    static double verifyPerSecond(double seconds) throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(INPUT);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(keys.getPublic());
        run(() -> verify(v, sig), 0.5);
        return run(() -> verify(v, sig), seconds);
    }

    private static void sign(Signature s) {
        try {
            s.update(INPUT);
            s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void verify(Signature v, byte[] sig) {
        try {
            v.update(INPUT);
            if (!v.verify(sig)) {
                throw new IllegalStateException("verification failed");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double run(Runnable op, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
