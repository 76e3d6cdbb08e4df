package org.capif.common.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects what is wrong with a request body, so that one 400 names every refused field as a JSON pointer: missing
 * mandatory fields give {@code MANDATORY_IE_MISSING} (listing the incorrect ones too), otherwise incorrect values give
 * {@code MANDATORY_IE_INCORRECT}.
 */
public final class FieldErrors {

    /** TS 29.571 {@code SupportedFeatures}: a hexadecimal string (bounded here). */
    public static final Pattern SUPPORTED_FEATURES = Pattern.compile("^[A-Fa-f0-9]{0,64}$");

    private final List<InvalidParam> missing = new ArrayList<>();
    private final List<InvalidParam> incorrect = new ArrayList<>();

    public FieldErrors missing(String pointer, String reason) {
        missing.add(new InvalidParam(pointer, reason));
        return this;
    }

    public FieldErrors incorrect(String pointer, String reason) {
        incorrect.add(new InvalidParam(pointer, reason));
        return this;
    }

    /** Records a missing field if {@code value} is null or blank; true if it is present. */
    public boolean require(String value, String pointer) {
        if (value == null || value.isBlank()) {
            missing(pointer, "mandatory");
            return false;
        }
        return true;
    }

    /** Records an incorrect value if {@code value} is longer than {@code max} characters. */
    public void maxLength(String value, int max, String pointer) {
        if (value != null && value.length() > max) {
            incorrect(pointer, "at most " + max + " characters");
        }
    }

    /** Records an incorrect value unless {@code value} is absent or a {@code SupportedFeatures} string. */
    public void supportedFeatures(String value, String pointer) {
        if (value != null && !SUPPORTED_FEATURES.matcher(value).matches()) {
            incorrect(pointer, "must be a hexadecimal string (SupportedFeatures)");
        }
    }

    public boolean isEmpty() {
        return missing.isEmpty() && incorrect.isEmpty();
    }

    /** Throws the 400 describing every recorded error, if there is any. */
    public void throwIfAny() {
        if (!missing.isEmpty()) {
            List<InvalidParam> all = new ArrayList<>(missing);
            all.addAll(incorrect);
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing: " + pointers(missing) + ".", all);
        }
        if (!incorrect.isEmpty()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "Fields have invalid values: " + pointers(incorrect) + ".",
                    incorrect);
        }
    }

    private static String pointers(List<InvalidParam> params) {
        return String.join(", ", params.stream().map(InvalidParam::param).toList());
    }
}
