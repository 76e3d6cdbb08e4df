package org.capif.invoker.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.event.InvokerEventType;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRecord;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.invoker.certificate.CertificateRequests;
import org.capif.invoker.certificate.InvokerCertificateAuthority;
import org.capif.invoker.credential.OnboardingCredentials;
import org.jboss.logging.Logger;

/**
 * Onboarding, update and offboarding of API invokers (TS 29.222 §5.3, TS 33.122 §6.1). Every change and its invoker
 * event are written in one transaction (transactional outbox), so an event is published if and only if the change
 * committed.
 */
@ApplicationScoped
public class OnboardingService {

    private static final Logger LOG = Logger.getLogger(OnboardingService.class);

    private final ApiInvokerRepository invokers;
    private final UsedCredentialRepository usedCredentials;
    private final InvokerCertificateAuthority ca;
    private final EnrolmentValidator validator;
    private final InvokerEvents events;
    private final EnrolmentDetailsMapper mapper;
    private final ObjectMapper json;
    private final Clock clock;

    public OnboardingService(
            ApiInvokerRepository invokers,
            UsedCredentialRepository usedCredentials,
            InvokerCertificateAuthority ca,
            EnrolmentValidator validator,
            InvokerEvents events,
            EnrolmentDetailsMapper mapper,
            ObjectMapper json,
            Clock clock) {
        this.invokers = invokers;
        this.usedCredentials = usedCredentials;
        this.ca = ca;
        this.validator = validator;
        this.events = events;
        this.mapper = mapper;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Onboards a new invoker with a verified, unspent credential: assigns the API invoker ID, certifies the CSR key,
     * records the subscription, spends the credential and writes the {@code API_INVOKER_ONBOARDED} event.
     */
    @WithTransaction
    public Uni<ApiInvoker> onboard(OnboardingCredentials.Verified credential, EnrolmentValidator.Enrolment enrolment) {
        String fingerprint = CertificateRequests.keyFingerprint(enrolment.publicKey());
        return usedCredentials
                .findById(credential.jti())
                .invoke(used -> {
                    if (used != null) {
                        throw alreadyUsed();
                    }
                })
                .chain(() -> invokers.keyInUse(fingerprint, null))
                .chain(inUse -> {
                    if (inUse) {
                        throw duplicateKey();
                    }
                    Instant now = clock.instant();
                    ApiInvoker invoker = new ApiInvoker();
                    invoker.apiInvokerId = UUID.randomUUID().toString();
                    invoker.onboardingId = invoker.apiInvokerId;
                    invoker.credentialJti = credential.jti();
                    invoker.createdAt = now;
                    invoker.version = 1;
                    apply(invoker, enrolment, fingerprint, now);
                    UsedOnboardingCredential spent = new UsedOnboardingCredential();
                    spent.jti = credential.jti();
                    spent.subject = credential.subject();
                    spent.apiInvokerId = invoker.apiInvokerId;
                    spent.usedAt = now;
                    spent.expiresAt = credential.expiresAt();
                    return usedCredentials
                            .persist(spent)
                            .chain(() -> invokers.persist(invoker))
                            .chain(() -> append(events.active(invoker, InvokerEventType.API_INVOKER_ONBOARDED)))
                            .replaceWith(invoker);
                })
                .onFailure(OnboardingService::isUniqueViolation)
                .transform(OnboardingService::uniqueViolation)
                .invoke(invoker -> LOG.infof(
                        "onboarded invoker %s (credential jti=%s, certificate x5t#S256=%s)",
                        invoker.apiInvokerId, credential.jti(), invoker.certificateThumbprint));
    }

    /** Full update (PUT): replaces the profile; a CSR with a new key re-keys the invoker. */
    @WithTransaction
    public Uni<ApiInvoker> replace(
            AuthenticatedPeer peer, String onboardingId, EnrolmentValidator.Enrolment enrolment) {
        return owned(peer, onboardingId).chain(invoker -> update(invoker, enrolment));
    }

    /**
     * Partial update (PATCH, RFC 7396 JSON merge patch of {@code APIInvokerEnrolmentDetailsPatch}): the patch is
     * merged into the current profile and the result is validated like a PUT.
     */
    @WithTransaction
    public Uni<ApiInvoker> patch(AuthenticatedPeer peer, String onboardingId, ObjectNode patch) {
        return owned(peer, onboardingId).chain(invoker -> {
            ObjectNode current = json.valueToTree(mapper.toRequestDetails(invoker));
            JsonMergePatch.apply(current, patch);
            APIInvokerEnrolmentDetails merged;
            try {
                merged = json.treeToValue(current, APIInvokerEnrolmentDetails.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw CapifException.badRequest(
                        Causes.INVALID_JSON,
                        "The merge patch produces an invalid APIInvokerEnrolmentDetails.",
                        new org.capif.common.problem.InvalidParam(
                                org.capif.common.problem.ProblemExceptionMappers.pointer(e),
                                "wrong type or malformed value"));
            }
            return update(invoker, validator.validate(merged, onboardingId));
        });
    }

    /** Offboarding: deletes the profile (including the certificate) and writes {@code API_INVOKER_OFFBOARDED}. */
    @WithTransaction
    public Uni<Void> offboard(AuthenticatedPeer peer, String onboardingId) {
        return owned(peer, onboardingId).chain(invoker -> invokers.delete(invoker)
                .chain(() -> append(events.offboarded(invoker, invoker.version + 1)))
                .invoke(() -> LOG.infof("offboarded invoker %s by %s", invoker.apiInvokerId, peer.identity())));
    }

    private Uni<ApiInvoker> update(ApiInvoker invoker, EnrolmentValidator.Enrolment enrolment) {
        String fingerprint = CertificateRequests.keyFingerprint(enrolment.publicKey());
        return invokers.keyInUse(fingerprint, invoker.apiInvokerId)
                .chain(inUse -> {
                    if (inUse) {
                        throw duplicateKey();
                    }
                    boolean rekey = !fingerprint.equals(invoker.publicKeyFingerprint);
                    apply(invoker, enrolment, fingerprint, clock.instant());
                    invoker.version++;
                    if (rekey) {
                        LOG.infof(
                                "re-keyed invoker %s, new certificate x5t#S256=%s",
                                invoker.apiInvokerId, invoker.certificateThumbprint);
                    }
                    return append(events.active(invoker, InvokerEventType.API_INVOKER_UPDATED))
                            .replaceWith(invoker);
                })
                .onFailure(OnboardingService::isUniqueViolation)
                .transform(OnboardingService::uniqueViolation);
    }

    /** Copies a validated enrolment into the entity, issuing a new certificate only when the key changed. */
    private void apply(ApiInvoker invoker, EnrolmentValidator.Enrolment e, String fingerprint, Instant now) {
        if (!fingerprint.equals(invoker.publicKeyFingerprint)) {
            X509Certificate certificate = ca.issue(invoker.apiInvokerId, e.publicKey());
            invoker.publicKeyFingerprint = fingerprint;
            invoker.certificatePem = Pem.encode(certificate);
            invoker.certificateThumbprint = Thumbprints.x5tS256(certificate);
            invoker.certificateSerial = certificate.getSerialNumber().toString(16);
            invoker.certificateNotAfter = certificate.getNotAfter().toInstant();
        }
        invoker.apiInvokerPublicKey = e.csrPem();
        invoker.notificationDestination = e.notificationDestination();
        invoker.requestTestNotification = e.requestTestNotification();
        invoker.websocketUri =
                e.websockNotifConfig() == null ? null : e.websockNotifConfig().websocketUri();
        invoker.requestWebsocketUri =
                e.websockNotifConfig() == null ? null : e.websockNotifConfig().requestWebsocketUri();
        invoker.apiInvokerInformation = e.apiInvokerInformation();
        invoker.supportedFeatures = e.supportedFeatures();
        invoker.grantedApis(e.apiIds());
        invoker.updatedAt = now;
    }

    /**
     * The invoker addressed by {@code onboardingId}, locked for update, if the peer may change it: the invoker itself
     * with its current certificate, or (offboarding only, checked by the caller) the operator.
     */
    private Uni<ApiInvoker> owned(AuthenticatedPeer peer, String onboardingId) {
        return invokers.findForUpdate(onboardingId).map(invoker -> {
            if (invoker == null) {
                throw CapifException.notFound(
                        Causes.API_INVOKER_NOT_FOUND, "No onboarded API invoker " + onboardingId + ".");
            }
            if (peer.is(CapifRole.INVOKER) && !Thumbprints.matches(invoker.certificateThumbprint, peer.thumbprint())) {
                throw CapifException.unauthorized(
                        Causes.CLIENT_CERTIFICATE_INVALID,
                        "The client certificate is not the invoker's current certificate (it was replaced).",
                        null);
            }
            return invoker;
        });
    }

    private static Uni<Void> append(OutboxRecord record) {
        return Panache.getSession().chain(session -> Outbox.append(session, record));
    }

    private static CapifException alreadyUsed() {
        return CapifException.forbidden(
                Causes.CREDENTIAL_ALREADY_USED, "This onboarding credential has already been used; ask for a new one.");
    }

    private static CapifException duplicateKey() {
        return CapifException.forbidden(
                Causes.DUPLICATE_PUBLIC_KEY, "This public key already belongs to an onboarded API invoker.");
    }

    private static boolean isUniqueViolation(Throwable t) {
        return constraintOf(t) != null;
    }

    private static Throwable uniqueViolation(Throwable t) {
        String constraint = constraintOf(t);
        if (constraint != null && constraint.contains("used_onboarding_credential")) {
            return alreadyUsed();
        }
        if (constraint != null && constraint.contains("public_key")) {
            return duplicateKey();
        }
        return t;
    }

    /** The name of the unique constraint a failure violated, or null. */
    private static String constraintOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.hibernate.exception.ConstraintViolationException cve) {
                return String.valueOf(cve.getConstraintName()) + " " + String.valueOf(cve.getMessage());
            }
            if (c instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return pg.getConstraint() + " " + pg.getMessage();
            }
        }
        return null;
    }

    /** Reads a PATCH body; 400 {@code INVALID_JSON} unless it is a JSON object. */
    public ObjectNode parsePatch(String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CapifException.badRequest(
                    Causes.INVALID_JSON,
                    "The request body is not valid JSON.",
                    new org.capif.common.problem.InvalidParam("/", "not JSON"));
        }
        if (!(node instanceof ObjectNode object)) {
            throw CapifException.badRequest(
                    Causes.INVALID_JSON,
                    "A merge patch must be a JSON object (APIInvokerEnrolmentDetailsPatch).",
                    new org.capif.common.problem.InvalidParam("/", "not a JSON object"));
        }
        java.util.List<org.capif.common.problem.InvalidParam> refused = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!PATCHABLE.contains(name)) {
                refused.add(new org.capif.common.problem.InvalidParam(
                        "/" + name, "not modifiable with PATCH (APIInvokerEnrolmentDetailsPatch)"));
            }
        });
        if (!refused.isEmpty()) {
            throw CapifException.badRequest(
                    Causes.INVALID_FIELD, "The merge patch changes fields that PATCH cannot change.", refused);
        }
        return object;
    }

    /** The members of TS 29.222 {@code APIInvokerEnrolmentDetailsPatch}. */
    private static final java.util.Set<String> PATCHABLE =
            java.util.Set.of("onboardingInformation", "notificationDestination", "apiList", "apiInvokerInformation");
}
