package org.capif.events.subscription;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Feature negotiation of the CAPIF_Events_API (TS 29.222 §8.3.6, TS 29.571 {@code SupportedFeatures}: a hexadecimal
 * bit string, the last character holding features 1 to 4). This CAPIF core supports feature 3, EnhancedEventReport
 * (event filters, {@code eventReq}, {@code eventDetail} in notifications); not 1 (Notification_test_event), 2
 * (Notification_websocket) nor 4 (ApiStatusMonitoring). The answer's {@code supportedFeatures} is what the
 * subscriber asked for and this core supports.
 */
public final class Features {

    /** EnhancedEventReport. */
    public static final BigInteger ENHANCED_EVENT_REPORT = BigInteger.valueOf(4);

    /** Every feature supported here. */
    public static final BigInteger SUPPORTED = ENHANCED_EVENT_REPORT;

    private Features() {}

    /** The negotiated features as a hexadecimal string ({@code "0"} for none; absent asks for none). */
    public static String negotiate(String requested) {
        BigInteger asked = requested == null || requested.isEmpty() ? BigInteger.ZERO : new BigInteger(requested, 16);
        return asked.and(SUPPORTED).toString(16).toUpperCase(Locale.ROOT);
    }

    public static boolean enhanced(String negotiated) {
        return new BigInteger(negotiated, 16).and(ENHANCED_EVENT_REPORT).signum() != 0;
    }
}
