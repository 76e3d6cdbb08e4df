package org.capif.authz.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.capif.common.api.SecurityMethods;
import org.capif.common.api.Uris;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * Structural checks of a {@code ServiceSecurity} request (TS 29.222 §8.5.4.2.2), collecting every invalid field into
 * one 400: mandatory {@code notificationDestination} (absolute http(s) URI) and {@code securityInfo} (at least one
 * entry, which the YAML's {@code minimum: 1} does not enforce); per entry exactly one of {@code aefId} and
 * {@code interfaceDetails} (and we accept only {@code aefId}), a non-empty {@code prefSecurityMethods} of known values.
 */
public final class ServiceSecurityValidator {

    private static final Pattern SUPPORTED_FEATURES = Pattern.compile("^[A-Fa-f0-9]{0,64}$");
    private static final int MAX_ENTRIES = 100;

    private ServiceSecurityValidator() {}

    /** The requested entries of a valid body. */
    public static List<MethodSelection.Requested> validate(ServiceSecurity body) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (ServiceSecurity) is required.",
                    new InvalidParam("/", "missing body"));
        }
        List<InvalidParam> missing = new ArrayList<>();
        List<InvalidParam> incorrect = new ArrayList<>();
        if (body.notificationDestination() == null
                || body.notificationDestination().isBlank()) {
            missing.add(new InvalidParam("/notificationDestination", "mandatory"));
        } else if (!Uris.isHttp(body.notificationDestination())) {
            incorrect.add(new InvalidParam("/notificationDestination", "must be an absolute http(s) URI"));
        }
        if (body.supportedFeatures() != null
                && !SUPPORTED_FEATURES.matcher(body.supportedFeatures()).matches()) {
            incorrect.add(new InvalidParam("/supportedFeatures", "must be a hexadecimal string (SupportedFeatures)"));
        }
        List<MethodSelection.Requested> requested = new ArrayList<>();
        if (body.securityInfo() == null) {
            missing.add(new InvalidParam("/securityInfo", "mandatory"));
        } else if (body.securityInfo().isEmpty() || body.securityInfo().size() > MAX_ENTRIES) {
            incorrect.add(new InvalidParam("/securityInfo", "must have 1 to " + MAX_ENTRIES + " entries"));
        } else {
            for (int i = 0; i < body.securityInfo().size(); i++) {
                SecurityInformation info = body.securityInfo().get(i);
                String at = "/securityInfo/" + i;
                if (info == null) {
                    missing.add(new InvalidParam(at, "null entry"));
                    continue;
                }
                if (info.aefId() != null && info.interfaceDetails() != null) {
                    incorrect.add(new InvalidParam(at, "exactly one of aefId and interfaceDetails"));
                } else if (info.interfaceDetails() != null) {
                    incorrect.add(new InvalidParam(
                            at + "/interfaceDetails", "not supported by this CAPIF: identify the AEF by aefId"));
                } else if (info.aefId() == null || info.aefId().isBlank()) {
                    missing.add(new InvalidParam(at + "/aefId", "mandatory (or interfaceDetails)"));
                } else if (!CapifIdentity.ID_PATTERN.matcher(info.aefId()).matches()) {
                    incorrect.add(new InvalidParam(at + "/aefId", "not a valid AEF identifier"));
                }
                if (info.apiId() != null
                        && !CapifIdentity.ID_PATTERN.matcher(info.apiId()).matches()) {
                    incorrect.add(new InvalidParam(at + "/apiId", "not a valid API identifier"));
                }
                List<String> methods = info.prefSecurityMethods();
                if (methods == null || methods.isEmpty()) {
                    missing.add(new InvalidParam(at + "/prefSecurityMethods", "mandatory, at least one"));
                } else if (methods.stream().anyMatch(m -> m == null || !SecurityMethods.KNOWN.contains(m))) {
                    incorrect.add(new InvalidParam(
                            at + "/prefSecurityMethods", "known security methods are " + SecurityMethods.KNOWN));
                } else {
                    requested.add(new MethodSelection.Requested(i, info.aefId(), info.apiId(), List.copyOf(methods)));
                }
            }
        }
        if (!missing.isEmpty()) {
            missing.addAll(incorrect);
            throw CapifException.badRequest(Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing.", missing);
        }
        if (!incorrect.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_INCORRECT, "Fields have invalid values.", incorrect);
        }
        return requested;
    }
}
