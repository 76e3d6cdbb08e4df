package org.capif.common.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Checks of URIs clients send (notification destinations, websocket URIs). */
public final class Uris {

    /** Longest URI accepted. */
    public static final int MAX_LENGTH = 2048;

    private Uris() {}

    /** Whether the value is an absolute URI with a host, one of the schemes, and at most {@link #MAX_LENGTH} long. */
    public static boolean isAbsolute(String value, Set<String> schemes) {
        if (value == null || value.length() > MAX_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public static boolean isHttp(String value) {
        return isAbsolute(value, Set.of("http", "https"));
    }
}
