package org.capif.common.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import org.capif.common.cert.KeyPairs;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class EcdsaSignaturesTest {

    @RepeatedTest(20)
    void roundTripWhenJcaSignatureThenConcatVerifiesAfterConversionBack() throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        byte[] data = "signing input".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(data);
        byte[] concat = EcdsaSignatures.derToConcat(signer.sign(), 32);
        assertThat(concat).hasSize(64);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(data);
        assertThat(verifier.verify(EcdsaSignatures.concatToDer(concat, 32))).isTrue();
    }

    @Test
    void concatToDerWhenWrongLengthOrZeroThenNull() {
        assertThat(EcdsaSignatures.concatToDer(new byte[63], 32)).isNull();
        assertThat(EcdsaSignatures.concatToDer(new byte[64], 32)).isNull();
    }
}
