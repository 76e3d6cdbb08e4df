package org.capif.provider.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.capif.common.api.JsonMergePatch;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.event.ProviderEventType;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRecord;
import org.capif.common.persistence.SqlFailures;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.provider.certificate.ProviderCertificateAuthority;
import org.capif.provider.publish.PublishService;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Registration, update and deregistration of API provider domains (TS 29.222 §5.11 and §8.9, TS 33.122 §6.x for
 * CAPIF-3/4/5). CAPIF assigns the domain id and one id per function, and certifies each function's key with a client
 * certificate bound to that id and role. Every change and its provider event (and the service API events of APIs it
 * withdraws) are written in one transaction (transactional outbox).
 */
@jakarta.enterprise.context.ApplicationScoped
public class RegistrationService {

    private static final Logger LOG = Logger.getLogger(RegistrationService.class);

    private final ProviderRepositories.Domains domains;
    private final ProviderRepositories.Functions functions;
    private final ProviderRepositories.UsedCredentials usedCredentials;
    private final ProviderPeers peers;
    private final ProviderCertificateAuthority ca;
    private final ProviderEvents events;
    private final PublishService publications;
    private final RegistrationMapper mapper;
    private final RegistrationValidator validator;
    private final ObjectMapper json;
    private final Clock clock;

    public RegistrationService(
            ProviderRepositories.Domains domains,
            ProviderRepositories.Functions functions,
            ProviderRepositories.UsedCredentials usedCredentials,
            ProviderPeers peers,
            ProviderCertificateAuthority ca,
            ProviderEvents events,
            PublishService publications,
            RegistrationMapper mapper,
            RegistrationValidator validator,
            ObjectMapper json,
            Clock clock) {
        this.domains = domains;
        this.functions = functions;
        this.usedCredentials = usedCredentials;
        this.peers = peers;
        this.ca = ca;
        this.events = events;
        this.publications = publications;
        this.mapper = mapper;
        this.validator = validator;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Registers a new domain with a verified, unspent credential: assigns the ids, certifies every function's key,
     * spends the credential and writes the {@code API_PROVIDER_REGISTERED} event.
     */
    @WithTransaction
    public Uni<ProviderDomain> register(
            OperatorCredentials.Verified credential, RegistrationValidator.Registration registration) {
        return usedCredentials
                .findById(credential.jti())
                .invoke(used -> {
                    if (used != null) {
                        throw alreadyUsed();
                    }
                })
                .chain(() -> requireUnusedKeys(registration, null))
                .chain(() -> {
                    Instant now = clock.instant();
                    ProviderDomain domain = new ProviderDomain();
                    domain.apiProvDomId = UUID.randomUUID().toString();
                    domain.regSec = registration.regSec();
                    domain.createdAt = now;
                    domain.version = 1;
                    apply(domain, registration, Map.of(), now);
                    UsedRegistrationCredential spent = new UsedRegistrationCredential();
                    spent.jti = credential.jti();
                    spent.subject = credential.subject();
                    spent.apiProvDomId = domain.apiProvDomId;
                    spent.usedAt = now;
                    spent.expiresAt = credential.expiresAt();
                    return usedCredentials
                            .persist(spent)
                            .chain(() -> domains.persist(domain))
                            .chain(() -> append(events.registered(domain, ProviderEventType.API_PROVIDER_REGISTERED)))
                            .replaceWith(domain);
                })
                .onFailure(RegistrationService::isUniqueViolation)
                .transform(RegistrationService::uniqueViolation)
                .invoke(domain -> LOG.infof(
                        "registered API provider domain %s (credential jti=%s) with functions %s",
                        domain.apiProvDomId, credential.jti(), summary(domain)));
    }

    /**
     * Updates a domain (PUT, or PATCH after merging): functions named by id are kept (re-certified if their key
     * changed), functions without an id are added, functions left out are removed, and the APIs depending on removed
     * functions are withdrawn. Only an AMF of the domain may do it.
     */
    @WithTransaction
    public Uni<ProviderDomain> update(
            AuthenticatedPeer peer, String apiProvDomId, RegistrationValidator.Registration registration) {
        return owned(peer, apiProvDomId)
                .chain(domain -> Mutiny.fetch(domain.functions).replaceWith(domain))
                .chain(domain -> change(peer, domain, registration));
    }

    /**
     * Partial update (PATCH, RFC 7396 JSON merge patch of {@code APIProviderEnrolmentDetailsPatch}): the patch is
     * merged into the current registration and the result is validated and applied like a PUT.
     */
    @WithTransaction
    public Uni<ProviderDomain> patch(AuthenticatedPeer peer, String apiProvDomId, ObjectNode patch) {
        return owned(peer, apiProvDomId)
                .chain(domain -> Mutiny.fetch(domain.functions).replaceWith(domain))
                .chain(domain -> {
                    APIProviderEnrolmentDetails merged = JsonMergePatch.merge(
                            json, mapper.toDetails(domain), patch, APIProviderEnrolmentDetails.class);
                    return change(peer, domain, validator.validate(merged, apiProvDomId));
                });
    }

    private Uni<ProviderDomain> change(
            AuthenticatedPeer peer, ProviderDomain domain, RegistrationValidator.Registration requested) {
        Map<String, RegisteredFunction> existing = new HashMap<>();
        domain.functions.forEach(f -> existing.put(f.apiProvFuncId, f));
        RegistrationValidator.Registration registration = recognised(requested, domain.functions);
        requireKnownFunctions(registration, existing);
        return requireUnusedKeys(registration, domain.apiProvDomId)
                .chain(() -> {
                    Set<String> removed = new HashSet<>(existing.keySet());
                    registration.functions().forEach(f -> removed.remove(f.apiProvFuncId()));
                    apply(domain, registration, existing, clock.instant());
                    domain.version++;
                    return Panache.getSession()
                            .chain(s -> s.flush())
                            .chain(() -> publications.withdraw(domain.apiProvDomId, removed, false))
                            .chain(() -> append(events.registered(domain, ProviderEventType.API_PROVIDER_UPDATED)))
                            .replaceWith(domain)
                            .invoke(() -> LOG.infof(
                                    "updated API provider domain %s by %s: functions %s, removed %s",
                                    domain.apiProvDomId, peer.identity(), summary(domain), removed));
                })
                .onFailure(RegistrationService::isUniqueViolation)
                .transform(RegistrationService::uniqueViolation);
    }

    /**
     * Deregisters a domain: deletes it with its functions and certificates, unpublishes its APIs and writes
     * {@code API_PROVIDER_DEREGISTERED}. An AMF of the domain or the operator may do it.
     */
    @WithTransaction
    public Uni<Void> deregister(AuthenticatedPeer peer, String apiProvDomId) {
        return owned(peer, apiProvDomId)
                .call(domain -> publications.withdraw(apiProvDomId, Set.of(), true))
                .call(domain -> Mutiny.fetch(domain.functions))
                .call(domain -> domains.delete(domain))
                .call(domain -> append(events.deregistered(domain, domain.version + 1)))
                .invoke(domain -> LOG.infof("deregistered API provider domain %s by %s", apiProvDomId, peer.identity()))
                .replaceWithVoid();
    }

    /**
     * The domain addressed by the URI, row-locked, if the peer may change it: one of its own AMFs with its current
     * certificate, or (deregistration only, checked by the resource) the operator. Any other domain id, existing or
     * not, is 403 for an AMF: it learns nothing about other domains.
     */
    private Uni<ProviderDomain> owned(AuthenticatedPeer peer, String apiProvDomId) {
        if (peer.is(CapifRole.OPERATOR)) {
            return domains.findForUpdate(apiProvDomId).map(domain -> {
                if (domain == null) {
                    throw CapifException.notFound(
                            Causes.PROVIDER_DOMAIN_NOT_FOUND,
                            "No registered API provider domain " + apiProvDomId + ".");
                }
                return domain;
            });
        }
        return peers.registered(peer)
                .invoke(amf -> {
                    if (!amf.domain.apiProvDomId.equals(apiProvDomId)) {
                        throw CapifException.forbidden(
                                Causes.RESOURCE_NOT_OWNED, "An AMF may only manage its own API provider domain.");
                    }
                })
                .chain(amf -> domains.findForUpdate(apiProvDomId));
    }

    /** Writes the validated registration into the domain, issuing a certificate only for new keys. */
    private void apply(
            ProviderDomain domain,
            RegistrationValidator.Registration registration,
            Map<String, RegisteredFunction> existing,
            Instant now) {
        domain.apiProvDomInfo = registration.apiProvDomInfo();
        domain.suppFeat = registration.suppFeat();
        domain.updatedAt = now;
        List<RegistrationValidator.FunctionRequest> requested = registration.functions();
        domain.functions.removeIf(f -> requested.stream().noneMatch(r -> f.apiProvFuncId.equals(r.apiProvFuncId())));
        for (int i = 0; i < requested.size(); i++) {
            RegistrationValidator.FunctionRequest r = requested.get(i);
            RegisteredFunction f = r.apiProvFuncId() == null ? null : existing.get(r.apiProvFuncId());
            if (f == null) {
                f = new RegisteredFunction();
                f.apiProvFuncId = r.role().name().toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID();
                f.role = r.role();
                f.domain = domain;
                domain.functions.add(f);
            }
            f.position = i;
            f.apiProvFuncInfo = r.info();
            f.apiProvPubKey = r.csrPem();
            if (!r.fingerprint().equals(f.publicKeyFingerprint)) {
                X509Certificate certificate = ca.issue(f.role, f.apiProvFuncId, r.publicKey());
                f.publicKeyFingerprint = r.fingerprint();
                f.certificatePem = Pem.encode(certificate);
                f.certificateThumbprint = Thumbprints.x5tS256(certificate);
                f.certificateSerial = certificate.getSerialNumber().toString(16);
                f.certificateNotAfter = certificate.getNotAfter().toInstant();
            }
        }
        domain.functions.sort(java.util.Comparator.comparingInt(f -> f.position));
    }

    /**
     * The registration with every function sent without an id but with the key of an existing function of the same
     * role given that function's id: the CSR proves possession of the same key, so it is the same function (clients
     * re-send unchanged functions without their ids). Everything else is left as sent.
     */
    private static RegistrationValidator.Registration recognised(
            RegistrationValidator.Registration registration, List<RegisteredFunction> current) {
        Set<String> named = new HashSet<>();
        registration.functions().forEach(f -> {
            if (f.apiProvFuncId() != null) {
                named.add(f.apiProvFuncId());
            }
        });
        List<RegistrationValidator.FunctionRequest> functions = registration.functions().stream()
                .map(f -> f.apiProvFuncId() != null
                        ? f
                        : current.stream()
                                .filter(c -> !named.contains(c.apiProvFuncId)
                                        && c.role == f.role()
                                        && c.publicKeyFingerprint.equals(f.fingerprint()))
                                .findFirst()
                                .map(c -> {
                                    named.add(c.apiProvFuncId);
                                    return new RegistrationValidator.FunctionRequest(
                                            c.apiProvFuncId,
                                            f.role(),
                                            f.csrPem(),
                                            f.publicKey(),
                                            f.fingerprint(),
                                            f.info());
                                })
                                .orElse(f))
                .toList();
        return new RegistrationValidator.Registration(
                registration.regSec(), functions, registration.apiProvDomInfo(), registration.suppFeat());
    }

    /** 400 unless every function named by id is a function of this domain with the same role. */
    private static void requireKnownFunctions(
            RegistrationValidator.Registration registration, Map<String, RegisteredFunction> existing) {
        List<RegistrationValidator.FunctionRequest> requested = registration.functions();
        for (int i = 0; i < requested.size(); i++) {
            RegistrationValidator.FunctionRequest r = requested.get(i);
            if (r.apiProvFuncId() == null) {
                continue;
            }
            RegisteredFunction f = existing.get(r.apiProvFuncId());
            if (f == null) {
                throw CapifException.badRequest(
                        Causes.MANDATORY_IE_INCORRECT,
                        "Function " + i + " names an id that is not a function of this domain; leave apiProvFuncId"
                                + " out to add a function.",
                        new InvalidParam("/apiProvFuncs/" + i + "/apiProvFuncId", "not a function of this domain"));
            }
            if (f.role != r.role()) {
                throw CapifException.badRequest(
                        Causes.MANDATORY_IE_INCORRECT,
                        "A function's role cannot change; remove it and add a new function instead.",
                        new InvalidParam("/apiProvFuncs/" + i + "/apiProvFuncRole", "was " + f.role));
            }
        }
    }

    /** 403 {@code DUPLICATE_PUBLIC_KEY} if a key is already certified for a function of another domain. */
    private Uni<Void> requireUnusedKeys(RegistrationValidator.Registration registration, String ownDomain) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (RegistrationValidator.FunctionRequest r : registration.functions()) {
            all = all.chain(() -> functions
                    .keyInUseElsewhere(r.fingerprint(), ownDomain)
                    .invoke(inUse -> {
                        if (inUse) {
                            throw duplicateKey();
                        }
                    })
                    .replaceWithVoid());
        }
        return all;
    }

    private static String summary(ProviderDomain domain) {
        return domain.functions.stream()
                .map(f -> f.role + ":" + f.apiProvFuncId + " x5t#S256=" + f.certificateThumbprint)
                .toList()
                .toString();
    }

    private static Uni<Void> append(OutboxRecord record) {
        return Panache.getSession().chain(session -> Outbox.append(session, record));
    }

    private static CapifException alreadyUsed() {
        return CapifException.forbidden(
                Causes.CREDENTIAL_ALREADY_USED,
                "This registration credential has already been used; ask for a new one.");
    }

    private static CapifException duplicateKey() {
        return CapifException.forbidden(
                Causes.DUPLICATE_PUBLIC_KEY, "This public key is already certified for an API provider function.");
    }

    private static boolean isUniqueViolation(Throwable t) {
        return SqlFailures.uniqueViolation(t) != null;
    }

    private static Throwable uniqueViolation(Throwable t) {
        String constraint = SqlFailures.uniqueViolation(t);
        if (constraint != null && constraint.contains("used_registration_credential")) {
            return alreadyUsed();
        }
        if (constraint != null && constraint.contains("public_key")) {
            return duplicateKey();
        }
        return t;
    }
}
