package org.capif.common.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.junit.jupiter.api.Test;

/** Low-S normalisation keeps signatures valid, and only low-S signatures count as canonical. */
class EcdsaSignaturesTest {

    private static byte[] raw(byte[] data) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(Jws.KEY.getPrivate());
        signer.update(data);
        return EcdsaUsingShaAlgorithm.convertDerToConcatenated(signer.sign(), 64);
    }

    private static boolean verifies(byte[] data, byte[] rs) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(Jws.KEY.getPublic());
        verifier.update(data);
        return verifier.verify(EcdsaUsingShaAlgorithm.convertConcatenatedToDer(rs));
    }

    private static BigInteger s(byte[] rs) {
        return new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
    }

    @Test
    void toLowSWhenManyRawSignaturesThenAllCanonicalAndStillValid() throws Exception {
        int high = 0;
        for (int i = 0; i < 400; i++) {
            byte[] data = ("signing input " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] rs = raw(data);
            if (!EcdsaSignatures.isCanonical(rs)) {
                high++;
                assertThat(s(rs)).isGreaterThan(P256.HALF_N);
            }
            byte[] low = EcdsaSignatures.toLowS(rs);
            assertThat(EcdsaSignatures.isCanonical(low)).isTrue();
            assertThat(s(low)).isLessThanOrEqualTo(P256.HALF_N);
            assertThat(verifies(data, low)).isTrue();
            assertThat(Arrays.copyOf(low, 32)).isEqualTo(Arrays.copyOf(rs, 32));
        }
        // about half of raw ECDSA signatures are high-S: the normalisation is not a no-op
        assertThat(high).isBetween(120, 280);
    }

    @Test
    void isCanonicalWhenOutOfRangeOrWrongLengthThenFalse() {
        byte[] zero = new byte[64];
        assertThat(EcdsaSignatures.isCanonical(zero)).isFalse();
        assertThat(EcdsaSignatures.isCanonical(new byte[63])).isFalse();
        assertThat(EcdsaSignatures.isCanonical(null)).isFalse();
        byte[] rIsN = new byte[64];
        System.arraycopy(P256.N.toByteArray(), 1, rIsN, 0, 32);
        rIsN[63] = 1;
        assertThat(EcdsaSignatures.isCanonical(rIsN)).isFalse();
        assertThatThrownBy(() -> EcdsaSignatures.toLowS(zero)).isInstanceOf(IllegalArgumentException.class);
    }
}
