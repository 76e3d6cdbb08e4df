package org.capif.invoker.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Uris;
import org.capif.common.api.WebsockNotifConfig;
import org.capif.common.cert.CertificateRequests;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * Turns an {@code APIInvokerEnrolmentDetails} body into a checked {@link Enrolment}, or refuses it with one 400 that
 * lists every invalid field as a JSON pointer. Checks, in order: structure and mandatory fields (TS 29.222 §8.4.4.2.2),
 * value formats, then the CSR ({@link CertificateRequests}). The requested APIs are granted against the published APIs
 * by the service, inside its transaction.
 */
@ApplicationScoped
public class EnrolmentValidator {

    /** JSON pointer of the CSR in the enrolment body. */
    public static final String CSR_POINTER = "/onboardingInformation/apiInvokerPublicKey";

    /** Longest accepted {@code apiInvokerInformation}. */
    static final int MAX_INFORMATION_LENGTH = 1024;
    /** Longest accepted websocketUri. */
    static final int MAX_URI_LENGTH = 2048;

    /** Most service APIs one request may name. */
    static final int MAX_APIS = 100;

    private static final Pattern SUPPORTED_FEATURES = Pattern.compile("^[A-Fa-f0-9]{0,64}$");

    /**
     * A validated enrolment.
     *
     * @param csrPem the CSR as sent
     * @param publicKey its verified public key
     * @param requestedApis the service APIs asked for (granted against the published APIs by the service)
     */
    public record Enrolment(
            String csrPem,
            PublicKey publicKey,
            String notificationDestination,
            Boolean requestTestNotification,
            WebsockNotifConfig websockNotifConfig,
            List<ServiceAPIDescription> requestedApis,
            String apiInvokerInformation,
            String supportedFeatures) {}

    /**
     * Validates an onboarding ({@code pathId == null}) or a full update of {@code pathId}.
     */
    public Enrolment validate(APIInvokerEnrolmentDetails body, String pathId) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (APIInvokerEnrolmentDetails) is required.",
                    new InvalidParam("/", "missing body"));
        }
        List<InvalidParam> missing = new ArrayList<>();
        List<InvalidParam> incorrect = new ArrayList<>();

        if (pathId == null && body.apiInvokerId() != null) {
            incorrect.add(new InvalidParam("/apiInvokerId", "read-only: assigned by CAPIF, must not be sent"));
        } else if (pathId != null && body.apiInvokerId() != null && !pathId.equals(body.apiInvokerId())) {
            incorrect.add(new InvalidParam("/apiInvokerId", "does not match the onboardingId in the URI"));
        }
        String csr = null;
        if (body.onboardingInformation() == null) {
            missing.add(new InvalidParam("/onboardingInformation", "mandatory"));
        } else if (isBlank(body.onboardingInformation().apiInvokerPublicKey())) {
            missing.add(new InvalidParam(CSR_POINTER, "mandatory: a PEM PKCS#10 CSR"));
        } else {
            csr = body.onboardingInformation().apiInvokerPublicKey();
        }
        if (isBlank(body.notificationDestination())) {
            missing.add(new InvalidParam("/notificationDestination", "mandatory"));
        } else if (!Uris.isAbsolute(body.notificationDestination(), Set.of("http", "https"))) {
            incorrect.add(new InvalidParam("/notificationDestination", "must be an absolute http(s) URI"));
        }
        // CAPIF never connects to a websocketUri (no websocket notifications), so any bounded string is kept as sent:
        // clients such as the OpenCAPIF SDK send placeholders.
        if (body.websockNotifConfig() != null
                && body.websockNotifConfig().websocketUri() != null
                && body.websockNotifConfig().websocketUri().length() > MAX_URI_LENGTH) {
            incorrect.add(
                    new InvalidParam("/websockNotifConfig/websocketUri", "at most " + MAX_URI_LENGTH + " characters"));
        }
        List<ServiceAPIDescription> requested = List.of();
        if (body.apiList() != null) {
            List<ServiceAPIDescription> apis = body.apiList().serviceAPIDescriptions();
            if (apis == null || apis.isEmpty()) {
                incorrect.add(new InvalidParam("/apiList/serviceAPIDescriptions", "must list at least one API"));
            } else if (apis.size() > MAX_APIS) {
                incorrect.add(new InvalidParam("/apiList/serviceAPIDescriptions", "at most " + MAX_APIS + " APIs"));
            } else {
                for (int i = 0; i < apis.size(); i++) {
                    if (apis.get(i) == null || isBlank(apis.get(i).apiName())) {
                        missing.add(new InvalidParam("/apiList/serviceAPIDescriptions/" + i + "/apiName", "mandatory"));
                    }
                }
                requested = apis;
            }
        }
        if (body.apiInvokerInformation() != null && body.apiInvokerInformation().length() > MAX_INFORMATION_LENGTH) {
            incorrect.add(
                    new InvalidParam("/apiInvokerInformation", "at most " + MAX_INFORMATION_LENGTH + " characters"));
        }
        if (body.supportedFeatures() != null
                && !SUPPORTED_FEATURES.matcher(body.supportedFeatures()).matches()) {
            incorrect.add(new InvalidParam("/supportedFeatures", "must be a hexadecimal string (SupportedFeatures)"));
        }
        if (!missing.isEmpty()) {
            missing.addAll(incorrect);
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing: " + pointers(missing) + ".", missing);
        }
        if (!incorrect.isEmpty()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "Fields have invalid values: " + pointers(incorrect) + ".",
                    incorrect);
        }
        PublicKey key = CertificateRequests.verifiedPublicKey(csr, CSR_POINTER);
        return new Enrolment(
                csr,
                key,
                body.notificationDestination(),
                body.requestTestNotification(),
                body.websockNotifConfig(),
                requested,
                body.apiInvokerInformation(),
                body.supportedFeatures());
    }

    private static String pointers(List<InvalidParam> params) {
        return String.join(", ", params.stream().map(InvalidParam::param).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
