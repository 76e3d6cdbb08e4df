package org.capif.events.log;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.api.InvocationLog;
import org.capif.common.api.Log;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.EventCodec;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.FieldErrors;
import org.capif.common.problem.InvalidParam;

/**
 * Checks a posted {@code InvocationLog} (TS 29.222 §8.7.4.2.2) and returns what is stored: every mandatory member
 * present ({@code aefId} the AEF of the URI, {@code apiInvokerId}, and per {@code Log} {@code apiId},
 * {@code apiName}, {@code apiVersion}, {@code resourceName}, {@code protocol}, {@code result}); {@code protocol} and
 * {@code operation} from the values TS 29.222 defines (decision D24); bounded lengths and sizes; parameters and URI
 * without credentials ({@link Scrubber}); {@code invocationTime} now when absent.
 */
public final class LogValidator {

    static final Set<String> PROTOCOLS = Set.of("HTTP_1_1", "HTTP_2", "MQTT", "WEBSOCKET");
    static final Set<String> OPERATIONS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_TEXT = 256;
    private static final int MAX_URI = 2048;

    private LogValidator() {}

    public static InvocationLog validate(
            InvocationLog body, String aefId, int maxEntries, int maxParameterBytes, OffsetDateTime now) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (InvocationLog) is required.",
                    new InvalidParam("/", "missing body"));
        }
        FieldErrors errors = new FieldErrors();
        if (errors.require(body.aefId(), "/aefId") && !body.aefId().equals(aefId)) {
            errors.incorrect("/aefId", "must be the AEF of the URI");
        }
        if (errors.require(body.apiInvokerId(), "/apiInvokerId")
                && !CapifIdentity.ID_PATTERN.matcher(body.apiInvokerId()).matches()) {
            errors.incorrect("/apiInvokerId", "not a valid identifier");
        }
        errors.supportedFeatures(body.supportedFeatures(), "/supportedFeatures");
        List<Log> out = new ArrayList<>();
        if (body.logs() == null || body.logs().isEmpty()) {
            errors.missing("/logs", "mandatory, at least one Log");
        } else if (body.logs().size() > maxEntries) {
            errors.incorrect("/logs", "at most " + maxEntries + " entries per request");
        } else {
            for (int i = 0; i < body.logs().size(); i++) {
                Log log = body.logs().get(i);
                String at = "/logs/" + i;
                if (log == null) {
                    errors.incorrect(at, "must be an object");
                    continue;
                }
                text(log.apiId(), at + "/apiId", true, errors);
                text(log.apiName(), at + "/apiName", true, errors);
                text(log.apiVersion(), at + "/apiVersion", true, errors);
                text(log.resourceName(), at + "/resourceName", true, errors);
                text(log.result(), at + "/result", true, errors);
                if (errors.require(log.protocol(), at + "/protocol") && !PROTOCOLS.contains(log.protocol())) {
                    errors.incorrect(at + "/protocol", "one of " + PROTOCOLS);
                }
                if (log.operation() != null && !OPERATIONS.contains(log.operation())) {
                    errors.incorrect(at + "/operation", "one of " + OPERATIONS);
                }
                errors.maxLength(log.uri(), MAX_URI, at + "/uri");
                errors.maxLength(log.fwdInterface(), MAX_URI, at + "/fwdInterface");
                if (log.invocationLatency() != null && log.invocationLatency() < 0) {
                    errors.incorrect(at + "/invocationLatency", "at least 0 (milliseconds)");
                }
                size(log.inputParameters(), maxParameterBytes, at + "/inputParameters", errors);
                size(log.outputParameters(), maxParameterBytes, at + "/outputParameters", errors);
                iface(log.srcInterface(), at + "/srcInterface", errors);
                iface(log.destInterface(), at + "/destInterface", errors);
                out.add(new Log(
                        log.apiId(),
                        log.apiName(),
                        log.apiVersion(),
                        log.resourceName(),
                        Scrubber.scrub(log.uri()),
                        log.protocol(),
                        log.operation(),
                        log.result(),
                        log.invocationTime() == null ? now : log.invocationTime(),
                        log.invocationLatency(),
                        Scrubber.scrub(log.inputParameters()),
                        Scrubber.scrub(log.outputParameters()),
                        log.srcInterface(),
                        log.destInterface(),
                        log.fwdInterface()));
            }
        }
        errors.throwIfAny();
        return new InvocationLog(body.aefId(), body.apiInvokerId(), out, body.supportedFeatures());
    }

    private static void text(String value, String at, boolean mandatory, FieldErrors errors) {
        if (mandatory && !errors.require(value, at)) {
            return;
        }
        errors.maxLength(value, MAX_TEXT, at);
    }

    private static void size(Object value, int max, String at, FieldErrors errors) {
        if (value != null && EventCodec.encode(value).getBytes(StandardCharsets.UTF_8).length > max) {
            errors.incorrect(at, "at most " + max + " bytes of JSON");
        }
    }

    private static void iface(InterfaceDescription i, String at, FieldErrors errors) {
        if (i == null) {
            return;
        }
        int given = (i.ipv4Addr() != null ? 1 : 0) + (i.ipv6Addr() != null ? 1 : 0) + (i.fqdn() != null ? 1 : 0);
        if (given != 1) {
            errors.incorrect(at, "exactly one of ipv4Addr, ipv6Addr, fqdn");
        }
        errors.maxLength(i.fqdn(), 253, at + "/fqdn");
        errors.maxLength(i.ipv4Addr(), 15, at + "/ipv4Addr");
        errors.maxLength(i.ipv6Addr(), 45, at + "/ipv6Addr");
        errors.maxLength(i.apiPrefix(), MAX_TEXT, at + "/apiPrefix");
        if (i.port() != null && (i.port() < 0 || i.port() > 65535)) {
            errors.incorrect(at + "/port", "0 to 65535");
        }
    }
}
