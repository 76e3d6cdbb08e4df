package org.capif.events.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.FieldErrors;
import org.capif.common.problem.InvalidParam;
import org.capif.events.delivery.CallbackPolicy;

/**
 * Checks an {@code EventSubscription} (TS 29.222 §8.3.4.2.2) before anything is stored, and derives what delivery
 * needs from it. Refusals, each naming the fields: 400 {@code MANDATORY_IE_MISSING} / {@code MANDATORY_IE_INCORRECT}
 * (no or unknown events, a topology hiding event, duplicates, filters or {@code eventReq} without the
 * EnhancedEventReport feature, more filters than events, unimplemented {@code eventReq} members), 400
 * {@code CALLBACK_NOT_ALLOWED} ({@link CallbackPolicy}). What the subscriber's role may see is checked after
 * ({@link SubscriptionService}).
 */
public final class SubscriptionValidator {

    static final int MAX_EVENTS = 20;
    static final int MAX_FILTER_IDS = 100;

    /**
     * A subscription that passed the checks.
     *
     * @param resource the subscription as stored and answered (negotiated features; unsupported parts left out)
     * @param maxReports most notifications to send, null for no limit
     * @param expiresAt end of the monitoring duration, null for none
     */
    public record Valid(
            EventSubscription resource,
            List<CapifEventType> events,
            boolean enhanced,
            Long maxReports,
            Instant expiresAt) {}

    private SubscriptionValidator() {}

    public static Valid validate(EventSubscription body, CallbackPolicy callbacks, Instant now) {
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (EventSubscription) is required.",
                    new InvalidParam("/", "missing body"));
        }
        FieldErrors errors = new FieldErrors();
        List<CapifEventType> events = new ArrayList<>();
        if (body.events() == null || body.events().isEmpty()) {
            errors.missing("/events", "mandatory, at least one CAPIFEvent");
        } else if (body.events().size() > MAX_EVENTS) {
            errors.incorrect("/events", "at most " + MAX_EVENTS + " events");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < body.events().size(); i++) {
                String name = body.events().get(i);
                CapifEventType type = CapifEventType.of(name).orElse(null);
                if (type == null || !type.produced()) {
                    errors.incorrect("/events/" + i, "not an event this CAPIF core reports");
                } else if (!seen.add(name)) {
                    errors.incorrect("/events/" + i, "listed twice");
                } else {
                    events.add(type);
                }
            }
        }
        errors.require(body.notificationDestination(), "/notificationDestination");
        errors.supportedFeatures(body.supportedFeatures(), "/supportedFeatures");
        String negotiated = errors.isEmpty() ? Features.negotiate(body.supportedFeatures()) : "0";
        boolean enhanced = Features.enhanced(negotiated);
        if (body.eventFilters() != null) {
            filters(body, enhanced, errors);
        }
        Long maxReports = null;
        Instant expiresAt = null;
        ReportingInformation req = body.eventReq();
        if (req != null && !req.empty()) {
            if (!enhanced) {
                errors.incorrect("/eventReq", "needs the EnhancedEventReport feature (supportedFeatures bit 3)");
            }
            unsupported(req.repPeriod(), "/eventReq/repPeriod", errors);
            unsupported(req.sampRatio(), "/eventReq/sampRatio", errors);
            unsupported(req.partitionCriteria(), "/eventReq/partitionCriteria", errors);
            unsupported(req.grpRepTime(), "/eventReq/grpRepTime", errors);
            unsupported(req.notifFlagInstruct(), "/eventReq/notifFlagInstruct", errors);
            unsupported(req.mutingSetting(), "/eventReq/mutingSetting", errors);
            if (Boolean.TRUE.equals(req.immRep())) {
                errors.incorrect("/eventReq/immRep", "immediate reporting is not supported");
            }
            if (req.notifFlag() != null && !"ACTIVATE".equals(req.notifFlag())) {
                errors.incorrect("/eventReq/notifFlag", "only ACTIVATE is supported");
            }
            if (req.notifMethod() != null
                    && !"ON_EVENT_DETECTION".equals(req.notifMethod())
                    && !"ONE_TIME".equals(req.notifMethod())) {
                errors.incorrect("/eventReq/notifMethod", "only ON_EVENT_DETECTION and ONE_TIME are supported");
            }
            if (req.maxReportNbr() != null && req.maxReportNbr() < 1) {
                errors.incorrect("/eventReq/maxReportNbr", "at least 1");
            }
            if (req.monDur() != null && !req.monDur().toInstant().isAfter(now)) {
                errors.incorrect("/eventReq/monDur", "must be in the future");
            }
            maxReports = "ONE_TIME".equals(req.notifMethod()) ? Long.valueOf(1) : req.maxReportNbr();
            expiresAt = req.monDur() == null ? null : req.monDur().toInstant();
        }
        errors.throwIfAny();
        try {
            callbacks.check(body.notificationDestination());
        } catch (CallbackPolicy.Refused refused) {
            throw CapifException.badRequest(
                    refused.malformed() ? Causes.MANDATORY_IE_INCORRECT : Causes.CALLBACK_NOT_ALLOWED,
                    "notificationDestination " + refused.getMessage() + ".",
                    new InvalidParam("/notificationDestination", refused.getMessage()));
        }
        EventSubscription resource = new EventSubscription(
                body.events(),
                body.eventFilters(),
                body.eventReq(),
                body.notificationDestination(),
                null,
                null,
                negotiated);
        return new Valid(resource, events, enhanced, maxReports, expiresAt);
    }

    private static void filters(EventSubscription body, boolean enhanced, FieldErrors errors) {
        if (!enhanced) {
            errors.incorrect("/eventFilters", "needs the EnhancedEventReport feature (supportedFeatures bit 3)");
            return;
        }
        if (body.eventFilters().isEmpty()) {
            errors.incorrect("/eventFilters", "at least one filter when present");
        }
        if (body.events() != null && body.eventFilters().size() > body.events().size()) {
            errors.incorrect("/eventFilters", "one filter per event at most (eventFilters[i] narrows events[i])");
        }
        for (int i = 0; i < body.eventFilters().size(); i++) {
            CAPIFEventFilter f = body.eventFilters().get(i);
            String at = "/eventFilters/" + i;
            if (f == null) {
                errors.incorrect(at, "must be an object");
                continue;
            }
            ids(f.apiIds(), at + "/apiIds", errors);
            ids(f.apiInvokerIds(), at + "/apiInvokerIds", errors);
            ids(f.aefIds(), at + "/aefIds", errors);
        }
    }

    private static void ids(List<String> ids, String at, FieldErrors errors) {
        if (ids == null) {
            return;
        }
        if (ids.isEmpty() || ids.size() > MAX_FILTER_IDS) {
            errors.incorrect(at, "1 to " + MAX_FILTER_IDS + " identifiers when present");
            return;
        }
        for (int j = 0; j < ids.size(); j++) {
            if (ids.get(j) == null
                    || !CapifIdentity.ID_PATTERN.matcher(ids.get(j)).matches()) {
                errors.incorrect(at + "/" + j, "not a valid identifier");
            }
        }
    }

    private static void unsupported(Object value, String at, FieldErrors errors) {
        if (value != null) {
            errors.incorrect(at, "not supported by this CAPIF core");
        }
    }
}
