package org.capif.provider.registration;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.CertificateRequests;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.FieldErrors;
import org.capif.common.problem.InvalidParam;

/**
 * Turns an {@code APIProviderEnrolmentDetails} body into a checked {@link Registration}, or refuses it with one 400
 * that lists every invalid field as a JSON pointer. Checks, in order: structure and mandatory fields (TS 29.222
 * §8.9.4.2.2), read-only identifiers, value formats, that the domain keeps at least one API management function, then
 * each function's CSR ({@link CertificateRequests}: as strict as invoker onboarding) and that no key is used twice.
 */
@ApplicationScoped
public class RegistrationValidator {

    /** Most functions one provider domain may register. */
    static final int MAX_FUNCTIONS = 64;
    /** Longest accepted {@code apiProvDomInfo} and {@code apiProvFuncInfo}. */
    static final int MAX_INFORMATION_LENGTH = 1024;

    /** The roles TS 29.222 {@code ApiProviderFuncRole} defines. */
    static final Set<String> ROLES = Set.of("AEF", "APF", "AMF");

    /**
     * One function of a validated registration.
     *
     * @param apiProvFuncId the function id when the request names an existing one (update), null for a new function
     * @param role its role
     * @param csrPem the CSR as sent
     * @param publicKey its verified key
     * @param fingerprint SHA-256 of that key
     * @param info {@code apiProvFuncInfo}
     */
    public record FunctionRequest(
            String apiProvFuncId,
            CapifRole role,
            String csrPem,
            PublicKey publicKey,
            String fingerprint,
            String info) {}

    /** A validated registration (or update): the functions in request order. */
    public record Registration(
            String regSec, List<FunctionRequest> functions, String apiProvDomInfo, String suppFeat) {}

    /**
     * Validates a registration ({@code pathId} null: POST, no ids may be sent) or an update of the domain
     * {@code pathId} (PUT, PATCH: existing functions are named by {@code apiProvFuncId}, new ones have none).
     */
    public Registration validate(APIProviderEnrolmentDetails body, String pathId) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (APIProviderEnrolmentDetails) is required.",
                    new InvalidParam("/", "missing body"));
        }
        FieldErrors errors = new FieldErrors();
        errors.require(body.regSec(), "/regSec");
        if (pathId == null && body.apiProvDomId() != null) {
            errors.incorrect("/apiProvDomId", "read-only: assigned by CAPIF, must not be sent");
        } else if (pathId != null && body.apiProvDomId() != null && !pathId.equals(body.apiProvDomId())) {
            errors.incorrect("/apiProvDomId", "does not match the registrationId in the URI");
        }
        errors.maxLength(body.apiProvDomInfo(), MAX_INFORMATION_LENGTH, "/apiProvDomInfo");
        errors.supportedFeatures(body.suppFeat(), "/suppFeat");
        List<APIProviderFunctionDetails> functions = body.apiProvFuncs();
        if (functions == null || functions.isEmpty()) {
            errors.missing("/apiProvFuncs", "mandatory: at least one function, among them an AMF");
        } else if (functions.size() > MAX_FUNCTIONS) {
            errors.incorrect("/apiProvFuncs", "at most " + MAX_FUNCTIONS + " functions");
        } else {
            checkFunctions(functions, pathId != null, errors);
        }
        errors.throwIfAny();

        List<FunctionRequest> checked = new ArrayList<>();
        Set<String> fingerprints = new HashSet<>();
        for (int i = 0; i < functions.size(); i++) {
            APIProviderFunctionDetails f = functions.get(i);
            String csr = f.regInfo().apiProvPubKey();
            PublicKey key = CertificateRequests.verifiedPublicKey(csr, "/apiProvFuncs/" + i + "/regInfo/apiProvPubKey");
            String fingerprint = CertificateRequests.keyFingerprint(key);
            if (!fingerprints.add(fingerprint)) {
                throw CapifException.forbidden(
                        Causes.DUPLICATE_PUBLIC_KEY,
                        "Each function needs its own key pair; function " + i + " repeats the key of another.");
            }
            checked.add(new FunctionRequest(
                    f.apiProvFuncId(),
                    CapifRole.valueOf(f.apiProvFuncRole()),
                    csr,
                    key,
                    fingerprint,
                    f.apiProvFuncInfo()));
        }
        return new Registration(body.regSec(), List.copyOf(checked), body.apiProvDomInfo(), body.suppFeat());
    }

    private static void checkFunctions(List<APIProviderFunctionDetails> functions, boolean update, FieldErrors errors) {
        boolean amf = false;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < functions.size(); i++) {
            String at = "/apiProvFuncs/" + i;
            APIProviderFunctionDetails f = functions.get(i);
            if (f == null) {
                errors.missing(at, "mandatory: a function, not null");
                continue;
            }
            if (f.regInfo() == null) {
                errors.missing(at + "/regInfo", "mandatory");
            } else {
                errors.require(f.regInfo().apiProvPubKey(), at + "/regInfo/apiProvPubKey");
            }
            if (errors.require(f.apiProvFuncRole(), at + "/apiProvFuncRole")) {
                if (!ROLES.contains(f.apiProvFuncRole())) {
                    errors.incorrect(at + "/apiProvFuncRole", "must be AEF, APF or AMF");
                } else if ("AMF".equals(f.apiProvFuncRole())) {
                    amf = true;
                }
            }
            if (f.apiProvFuncId() != null) {
                if (!update) {
                    errors.incorrect(at + "/apiProvFuncId", "read-only: assigned by CAPIF, must not be sent");
                } else if (!CapifIdentity.ID_PATTERN.matcher(f.apiProvFuncId()).matches()) {
                    errors.incorrect(at + "/apiProvFuncId", "not a function id of this domain");
                } else if (!ids.add(f.apiProvFuncId())) {
                    errors.incorrect(at + "/apiProvFuncId", "names the same function twice");
                }
            }
            errors.maxLength(f.apiProvFuncInfo(), MAX_INFORMATION_LENGTH, at + "/apiProvFuncInfo");
        }
        if (!amf && errors.isEmpty()) {
            errors.incorrect(
                    "/apiProvFuncs", "a provider domain needs at least one AMF (API management function) to manage it");
        }
    }
}
