package org.capif.common.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import org.capif.common.cert.KeyPairs;
import org.capif.common.crypto.CryptoProviders;
import org.junit.jupiter.api.Test;

/** P-256 recognised by its parameters, not by its field size; points checked to lie on the curve. */
class P256Test {

    /** secp256k1 (SEC 2 §2.4.1): a 256-bit prime field like P-256's, and an entirely different curve. */
    static final ECParameterSpec SECP256K1 = new ECParameterSpec(
            new EllipticCurve(
                    new ECFieldFp(
                            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16)),
                    BigInteger.ZERO,
                    BigInteger.valueOf(7)),
            new ECPoint(
                    new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
                    new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16)),
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16),
            1);

    /** A public key object with the point of {@code key} but the parameters of secp256k1. */
    static ECPublicKey onAnotherCurve(PublicKey key) {
        ECPoint w = ((ECPublicKey) key).getW();
        return new ECPublicKey() {
            @Override
            public ECPoint getW() {
                return w;
            }

            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return "X.509";
            }

            @Override
            public byte[] getEncoded() {
                return key.getEncoded();
            }

            @Override
            public ECParameterSpec getParams() {
                return SECP256K1;
            }
        };
    }

    @Test
    void isWhenJdkOrNativeProviderP256ParametersThenTrue() throws Exception {
        AlgorithmParameters jdk = AlgorithmParameters.getInstance("EC", "SunEC");
        jdk.init(new ECGenParameterSpec("secp256r1"));
        assertThat(P256.is(jdk.getParameterSpec(ECParameterSpec.class))).isTrue();
        assertThat(P256.is(KeyPairs.ecP256().getPublic())).isTrue();
        CryptoProviders.install(true);
        assertThat(P256.isPublicKey(KeyPairs.ecP256().getPublic())).isTrue();
        assertThat(P256.is(KeyPairs.ecP256().getPrivate())).isTrue();
    }

    @Test
    void isWhenAnother256BitCurveOrAnotherSizeThenFalse() {
        // defect: the field-size check this replaces (getFieldSize() == 256) accepted secp256k1
        assertThat(SECP256K1.getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(P256.is(SECP256K1)).isFalse();
        assertThat(P256.isPublicKey(onAnotherCurve(KeyPairs.ecP256().getPublic())))
                .isFalse();
        assertThat(P256.is(KeyPairs.ec("secp384r1").getPublic())).isFalse();
        assertThat(P256.is(KeyPairs.rsa(2048).getPublic())).isFalse();
        // P-256 with one parameter changed
        ECParameterSpec otherB = new ECParameterSpec(
                new EllipticCurve(new ECFieldFp(P256.P), P256.A, P256.B.add(BigInteger.ONE)), P256.G, P256.N, 1);
        assertThat(P256.is(otherB)).isFalse();
        assertThat(P256.is(new ECParameterSpec(P256.SPEC.getCurve(), P256.G, P256.N, 2)))
                .isFalse();
    }

    @Test
    void onCurveWhenGeneratorOrKeyThenTrueWhenOffCurveOrOutOfFieldThenFalse() {
        assertThat(P256.onCurve(P256.G)).isTrue();
        assertThat(P256.onCurve(((ECPublicKey) KeyPairs.ecP256().getPublic()).getW()))
                .isTrue();
        assertThat(P256.onCurve(new ECPoint(BigInteger.ZERO, BigInteger.ZERO))).isFalse();
        assertThat(P256.onCurve(
                        new ECPoint(P256.G.getAffineX(), P256.G.getAffineY().add(BigInteger.ONE))))
                .isFalse();
        assertThat(P256.onCurve(new ECPoint(P256.G.getAffineX().add(P256.P), P256.G.getAffineY())))
                .isFalse();
        assertThat(P256.onCurve(ECPoint.POINT_INFINITY)).isFalse();
    }
}
