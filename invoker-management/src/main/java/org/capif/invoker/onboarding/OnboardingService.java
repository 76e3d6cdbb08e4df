package org.capif.invoker.onboarding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.capif.common.api.JsonMergePatch;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.CertificateRequests;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.event.InvokerEventType;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRecord;
import org.capif.common.persistence.SqlFailures;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.invoker.api.PublishedApis;
import org.capif.invoker.certificate.InvokerCertificateAuthority;
import org.jboss.logging.Logger;

/**
 * Onboarding, update and offboarding of API invokers (TS 29.222 §5.3, TS 33.122 §6.1). Every change and its invoker
 * event are written in one transaction (transactional outbox), so an event is published if and only if the change
 * committed.
 */
@ApplicationScoped
public class OnboardingService {

    /** An invoker and the current description of the published APIs it subscribes to (for the answer). */
    public record Enrolled(ApiInvoker invoker, List<ServiceAPIDescription> apis) {}

    /** JSON pointer of the requested APIs in the enrolment body. */
    static final String API_LIST = "/apiList/serviceAPIDescriptions";

    private static final Logger LOG = Logger.getLogger(OnboardingService.class);

    private final ApiInvokerRepository invokers;
    private final UsedCredentialRepository usedCredentials;
    private final InvokerCertificateAuthority ca;
    private final EnrolmentValidator validator;
    private final InvokerEvents events;
    private final PublishedApis publishedApis;
    private final EnrolmentDetailsMapper mapper;
    private final ObjectMapper json;
    private final Clock clock;

    public OnboardingService(
            ApiInvokerRepository invokers,
            UsedCredentialRepository usedCredentials,
            InvokerCertificateAuthority ca,
            EnrolmentValidator validator,
            InvokerEvents events,
            PublishedApis publishedApis,
            EnrolmentDetailsMapper mapper,
            ObjectMapper json,
            Clock clock) {
        this.invokers = invokers;
        this.usedCredentials = usedCredentials;
        this.ca = ca;
        this.validator = validator;
        this.events = events;
        this.publishedApis = publishedApis;
        this.mapper = mapper;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Onboards a new invoker with a verified, unspent credential: assigns the API invoker ID, certifies the CSR key,
     * records the subscription, spends the credential and writes the {@code API_INVOKER_ONBOARDED} event.
     */
    @WithTransaction
    public Uni<Enrolled> onboard(OperatorCredentials.Verified credential, EnrolmentValidator.Enrolment enrolment) {
        String fingerprint = CertificateRequests.keyFingerprint(enrolment.publicKey());
        return usedCredentials
                .findById(credential.jti())
                .invoke(used -> {
                    if (used != null) {
                        throw alreadyUsed();
                    }
                })
                .chain(() -> invokers.keyInUse(fingerprint, null))
                .invoke(inUse -> {
                    if (inUse) {
                        throw duplicateKey();
                    }
                })
                .chain(() -> enrolment.requestedApis().isEmpty()
                                && !credential.defaultApis().isEmpty()
                        ? publishedApis.grantDefault(credential.defaultApis())
                        : publishedApis.grant(enrolment.requestedApis(), API_LIST))
                .chain(granted -> {
                    Instant now = clock.instant();
                    ApiInvoker invoker = new ApiInvoker();
                    invoker.apiInvokerId = UUID.randomUUID().toString();
                    invoker.onboardingId = invoker.apiInvokerId;
                    invoker.credentialJti = credential.jti();
                    invoker.createdAt = now;
                    invoker.version = 1;
                    apply(invoker, enrolment, granted, fingerprint, now);
                    UsedOnboardingCredential spent = new UsedOnboardingCredential();
                    spent.jti = credential.jti();
                    spent.subject = credential.subject();
                    spent.apiInvokerId = invoker.apiInvokerId;
                    spent.usedAt = now;
                    spent.expiresAt = credential.expiresAt();
                    return usedCredentials
                            .persist(spent)
                            .chain(() -> invokers.persist(invoker))
                            .chain(() -> published(invoker, InvokerEventType.API_INVOKER_ONBOARDED));
                })
                .onFailure(OnboardingService::isUniqueViolation)
                .transform(OnboardingService::uniqueViolation)
                .invoke(enrolled -> LOG.infof(
                        "onboarded invoker %s (credential jti=%s, certificate x5t#S256=%s)",
                        enrolled.invoker().apiInvokerId, credential.jti(), enrolled.invoker().certificateThumbprint));
    }

    /** Full update (PUT): replaces the profile; a CSR with a new key re-keys the invoker. */
    @WithTransaction
    public Uni<Enrolled> replace(AuthenticatedPeer peer, String onboardingId, EnrolmentValidator.Enrolment enrolment) {
        return owned(peer, onboardingId).chain(invoker -> update(invoker, enrolment));
    }

    /**
     * Partial update (PATCH, RFC 7396 JSON merge patch of {@code APIInvokerEnrolmentDetailsPatch}): the patch is
     * merged into the current profile and the result is validated like a PUT.
     */
    @WithTransaction
    public Uni<Enrolled> patch(AuthenticatedPeer peer, String onboardingId, ObjectNode patch) {
        return owned(peer, onboardingId)
                .chain(invoker -> publishedApis.describe(invoker.grantedApis()).chain(apis -> {
                    APIInvokerEnrolmentDetails merged = JsonMergePatch.merge(
                            json, mapper.toRequestDetails(invoker, apis), patch, APIInvokerEnrolmentDetails.class);
                    return update(invoker, validator.validate(merged, onboardingId));
                }));
    }

    /** The invoker's enrolment as answered: with the current description of every published API it subscribes to. */
    @io.quarkus.hibernate.reactive.panache.common.WithSession
    public Uni<Enrolled> enrolled(ApiInvoker invoker) {
        return publishedApis.describe(invoker.grantedApis()).map(apis -> new Enrolled(invoker, apis));
    }

    /** Offboarding: deletes the profile (including the certificate) and writes {@code API_INVOKER_OFFBOARDED}. */
    @WithTransaction
    public Uni<Void> offboard(AuthenticatedPeer peer, String onboardingId) {
        return owned(peer, onboardingId).chain(invoker -> invokers.delete(invoker)
                .chain(() -> append(events.offboarded(invoker, invoker.version + 1)))
                .invoke(() -> LOG.infof("offboarded invoker %s by %s", invoker.apiInvokerId, peer.identity())));
    }

    private Uni<Enrolled> update(ApiInvoker invoker, EnrolmentValidator.Enrolment enrolment) {
        String fingerprint = CertificateRequests.keyFingerprint(enrolment.publicKey());
        return invokers.keyInUse(fingerprint, invoker.apiInvokerId)
                .invoke(inUse -> {
                    if (inUse) {
                        throw duplicateKey();
                    }
                })
                .chain(() -> publishedApis.grant(enrolment.requestedApis(), API_LIST))
                .chain(granted -> {
                    boolean rekey = !fingerprint.equals(invoker.publicKeyFingerprint);
                    apply(invoker, enrolment, granted, fingerprint, clock.instant());
                    invoker.version++;
                    if (rekey) {
                        LOG.infof(
                                "re-keyed invoker %s, new certificate x5t#S256=%s",
                                invoker.apiInvokerId, invoker.certificateThumbprint);
                    }
                    return published(invoker, InvokerEventType.API_INVOKER_UPDATED);
                })
                .onFailure(OnboardingService::isUniqueViolation)
                .transform(OnboardingService::uniqueViolation);
    }

    /**
     * Writes the invoker's event (its subscriptions resolved against the published APIs) and returns what the answer
     * needs.
     */
    private Uni<Enrolled> published(ApiInvoker invoker, InvokerEventType type) {
        return publishedApis
                .subscriptions(invoker.grantedApis())
                .chain(subscriptions -> append(events.active(invoker, type, subscriptions)))
                .chain(() -> publishedApis.describe(invoker.grantedApis()))
                .map(apis -> new Enrolled(invoker, apis));
    }

    /** Copies a validated enrolment into the entity, issuing a new certificate only when the key changed. */
    private void apply(
            ApiInvoker invoker, EnrolmentValidator.Enrolment e, List<String> granted, String fingerprint, Instant now) {
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
        invoker.grantedApis(granted);
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
        return SqlFailures.uniqueViolation(t) != null;
    }

    private static Throwable uniqueViolation(Throwable t) {
        String constraint = SqlFailures.uniqueViolation(t);
        if (constraint != null && constraint.contains("used_onboarding_credential")) {
            return alreadyUsed();
        }
        if (constraint != null && constraint.contains("public_key")) {
            return duplicateKey();
        }
        return t;
    }

    /** Reads a PATCH body: a JSON object changing only members of {@code APIInvokerEnrolmentDetailsPatch}. */
    public ObjectNode parsePatch(byte[] body) {
        return JsonMergePatch.parse(json, body, PATCHABLE, "APIInvokerEnrolmentDetailsPatch");
    }

    /** The members of TS 29.222 {@code APIInvokerEnrolmentDetailsPatch}. */
    private static final java.util.Set<String> PATCHABLE =
            java.util.Set.of("onboardingInformation", "notificationDestination", "apiList", "apiInvokerInformation");
}
