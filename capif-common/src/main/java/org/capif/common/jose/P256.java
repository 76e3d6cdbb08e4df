package org.capif.common.jose;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;

/**
 * The curve of ES256, NIST P-256 (secp256r1, FIPS 186-4 §D.1.2.3, SEC 2 §2.4.2), by its parameters. A key counts as a
 * P-256 key only if every parameter is exactly this curve's: prime field, {@code a}, {@code b}, generator, order and
 * cofactor; comparing the field size alone would let any other 256-bit curve (a weak or attacker-chosen one) through.
 * A public point must also lie on the curve, so an invalid-curve point in a JWK Set is refused however it was encoded.
 */
public final class P256 {

    /** The field prime p. */
    public static final BigInteger P =
            new BigInteger("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 16);
    /** The coefficient a (= p - 3). */
    public static final BigInteger A =
            new BigInteger("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC", 16);
    /** The coefficient b. */
    public static final BigInteger B =
            new BigInteger("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B", 16);
    /** The generator G. */
    public static final ECPoint G = new ECPoint(
            new BigInteger("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296", 16),
            new BigInteger("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5", 16));
    /** The order n of G. */
    public static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    /** n / 2, rounded down: the largest {@code s} of a low-S signature. */
    public static final BigInteger HALF_N = N.shiftRight(1);
    /** The cofactor h. */
    public static final int H = 1;

    /** The curve as JCA parameters. */
    public static final ECParameterSpec SPEC = new ECParameterSpec(new EllipticCurve(new ECFieldFp(P), A, B), G, N, H);

    private P256() {}

    /** True if the parameters are exactly P-256's (field, a, b, generator, order, cofactor). */
    public static boolean is(ECParameterSpec params) {
        if (params == null) {
            return false;
        }
        EllipticCurve curve = params.getCurve();
        ECField field = curve.getField();
        return field instanceof ECFieldFp fp
                && fp.getP().equals(P)
                && curve.getA().equals(A)
                && curve.getB().equals(B)
                && G.equals(params.getGenerator())
                && N.equals(params.getOrder())
                && params.getCofactor() == H;
    }

    /** True if the key is an EC key on exactly P-256 (any JCA provider's key class). */
    public static boolean is(Key key) {
        return key instanceof ECKey ec && is(ec.getParams());
    }

    /** True if {@code w} is an affine point of P-256: coordinates in the field and y² = x³ + ax + b (mod p). */
    public static boolean onCurve(ECPoint w) {
        if (w == null || ECPoint.POINT_INFINITY.equals(w)) {
            return false;
        }
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || x.compareTo(P) >= 0 || y.signum() < 0 || y.compareTo(P) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(P);
        BigInteger right = x.multiply(x).add(A).multiply(x).add(B).mod(P);
        return left.equals(right);
    }

    /** True if the key is a P-256 public key whose point lies on the curve: the only key that may verify ES256. */
    public static boolean isPublicKey(Key key) {
        return key instanceof ECPublicKey ec && is(ec.getParams()) && onCurve(ec.getW());
    }
}
