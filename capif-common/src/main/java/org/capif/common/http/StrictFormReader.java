package org.capif.common.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Reads {@code application/x-www-form-urlencoded} bodies (the OAuth 2.0 token and revocation requests, RFC 7662
 * introspection) strictly, instead of the lenient JDK decoder that fails with an unchecked exception on a malformed
 * escape and silently replaces invalid UTF-8. A body is refused with 400 {@code INVALID_ENCODING} if a {@code %} is
 * not followed by two hex digits, if the decoded bytes of a name or value are not valid UTF-8 (WHATWG URL §5.1), or if
 * a name or value holds a control character (U+0000 to U+001F, U+007F): no CAPIF form parameter can contain one. A
 * parameter given twice is 400 {@code MANDATORY_IE_INCORRECT}: OAuth parameters "MUST NOT be included more than once"
 * (RFC 6749 §3.2), and which of two values counts would otherwise be up to each endpoint.
 */
@Provider
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class StrictFormReader implements ServerMessageBodyReader<MultivaluedMap<String, String>> {

    @Override
    public boolean isReadable(
            Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod, MediaType mediaType) {
        return MultivaluedMap.class.equals(type);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return MultivaluedMap.class.equals(type);
    }

    @Override
    public MultivaluedMap<String, String> readFrom(
            Class<MultivaluedMap<String, String>> type,
            Type genericType,
            MediaType mediaType,
            ServerRequestContext context)
            throws IOException {
        return parse(context.getInputStream().readAllBytes());
    }

    @Override
    public MultivaluedMap<String, String> readFrom(
            Class<MultivaluedMap<String, String>> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        return parse(entityStream.readAllBytes());
    }

    /** Parses a form body; throws 400 {@code INVALID_ENCODING} as described on the class. */
    public static MultivaluedMap<String, String> parse(byte[] body) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    int eq = start;
                    while (eq < i && body[eq] != '=') {
                        eq++;
                    }
                    String name = decode(body, start, eq);
                    String value = eq < i ? decode(body, eq + 1, i) : "";
                    if (form.containsKey(name)) {
                        throw CapifException.badRequest(
                                Causes.MANDATORY_IE_INCORRECT,
                                "Form parameter " + shorten(name) + " is given more than once (RFC 6749 §3.2).",
                                new InvalidParam(shorten(name), "repeated"));
                    }
                    form.add(name, value);
                }
                start = i + 1;
            }
        }
        return form;
    }

    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int lo = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw refused("a '%' is not followed by two hexadecimal digits");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused("a name or value is not valid UTF-8 once percent-decoded");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw refused("a name or value holds a control character");
            }
        }
        return text;
    }

    private static String shorten(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "..." : name;
    }

    private static CapifException refused(String why) {
        return CapifException.badRequest(
                Causes.INVALID_ENCODING, "The form body is not valid application/x-www-form-urlencoded: " + why + ".");
    }
}
