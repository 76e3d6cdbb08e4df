package org.capif.common.jose;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Converts ECDSA signatures between the DER encoding JCA produces and consumes and the fixed-length R||S form JWS uses
 * (RFC 7518 §3.4), so that signing and verification can use any JCA provider's plain {@code SHA256withECDSA}.
 */
public final class EcdsaSignatures {

    private EcdsaSignatures() {}

    /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} to R||S of {@code 2 * size} bytes. */
    public static byte[] derToConcat(byte[] der, int size) {
        if (der.length < 8 || der[0] != 0x30) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int offset = (der[1] & 0x80) != 0 ? 2 + (der[1] & 0x7f) : 2;
        byte[] out = new byte[2 * size];
        offset = copyInteger(der, offset, out, 0, size);
        copyInteger(der, offset, out, size, size);
        return out;
    }

    private static int copyInteger(byte[] der, int offset, byte[] out, int outOffset, int size) {
        if (der[offset] != 0x02) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int length = der[offset + 1];
        int start = offset + 2;
        int from = start;
        int len = length;
        while (len > size && der[from] == 0) {
            from++;
            len--;
        }
        if (len > size) {
            throw new IllegalArgumentException("ECDSA integer too long");
        }
        System.arraycopy(der, from, out, outOffset + size - len, len);
        return start + length;
    }

    /**
     * R||S to DER. Returns null if the input has the wrong length or a component is zero or not smaller than 2^(8 *
     * size), so that a malformed JWS signature fails verification instead of throwing.
     */
    public static byte[] concatToDer(byte[] concat, int size) {
        if (concat.length != 2 * size) {
            return null;
        }
        byte[] r = new BigInteger(1, Arrays.copyOfRange(concat, 0, size)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(concat, size, 2 * size)).toByteArray();
        if (isZero(r) || isZero(s)) {
            return null;
        }
        int seqLength = 2 + r.length + 2 + s.length;
        byte[] out;
        int o;
        if (seqLength < 128) {
            out = new byte[2 + seqLength];
            out[0] = 0x30;
            out[1] = (byte) seqLength;
            o = 2;
        } else {
            out = new byte[3 + seqLength];
            out[0] = 0x30;
            out[1] = (byte) 0x81;
            out[2] = (byte) seqLength;
            o = 3;
        }
        out[o++] = 0x02;
        out[o++] = (byte) r.length;
        System.arraycopy(r, 0, out, o, r.length);
        o += r.length;
        out[o++] = 0x02;
        out[o++] = (byte) s.length;
        System.arraycopy(s, 0, out, o, s.length);
        return out;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
