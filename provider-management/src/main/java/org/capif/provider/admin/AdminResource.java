package org.capif.provider.admin;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.capif.common.cert.CapifRole;
import org.capif.common.credential.CredentialRequest;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.http.CapifId;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.provider.registration.ProviderRepositories;
import org.capif.provider.registration.RegistrationCredentials;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Operator administration of the provider side (our extension, not TS 29.222): minting provider registration
 * credentials ({@code regSec}) and listing registered provider domains (paged by id: {@code limit}, {@code after}).
 * Every operation requires mutual TLS with an operator certificate issued by the CAPIF CA.
 */
@Path("/capif-admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    /** One function of a registered domain as the operator sees it. */
    public record FunctionSummary(
            String apiProvFuncId, String role, String certificateThumbprint, Instant certificateNotAfter) {}

    /** One registered domain as the operator sees it. */
    public record DomainSummary(
            String apiProvDomId, String apiProvDomInfo, List<FunctionSummary> functions, Instant createdAt) {}

    private final RegistrationCredentials credentials;
    private final ProviderRepositories.Domains domains;

    public AdminResource(RegistrationCredentials credentials, ProviderRepositories.Domains domains) {
        this.credentials = credentials;
        this.domains = domains;
    }

    @POST
    @Path("/registration-credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response mint(@Context HttpServerRequest request, CredentialRequest body) {
        AuthenticatedPeer operator = PeerCertificates.require(request, CapifRole.OPERATOR);
        OperatorCredentials.Minted minted = credentials.mint(body);
        LOG.infof("operator %s minted registration credential jti=%s", operator.id(), minted.jti());
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(minted)
                .build();
    }

    @GET
    @Path("/provider-domains")
    public Uni<List<DomainSummary>> domains(
            @Context HttpServerRequest request,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("after") @CapifId String after) {
        PeerCertificates.require(request, CapifRole.OPERATOR);
        if (limit < 1 || limit > 1000) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "limit must be 1 to 1000.",
                    new InvalidParam("limit", "out of range"));
        }
        String from = after == null ? "" : after;
        return Panache.withSession(() -> domains.find("apiProvDomId > ?1", Sort.by("apiProvDomId"), from)
                .page(0, limit)
                .list()
                .call(list -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (var d : list) {
                        all = all.call(() -> Mutiny.fetch(d.functions));
                    }
                    return all;
                })
                .map(list -> list.stream()
                        .map(d -> new DomainSummary(
                                d.apiProvDomId,
                                d.apiProvDomInfo,
                                d.functions.stream()
                                        .map(f -> new FunctionSummary(
                                                f.apiProvFuncId,
                                                f.role.name(),
                                                f.certificateThumbprint,
                                                f.certificateNotAfter))
                                        .toList(),
                                d.createdAt))
                        .toList()));
    }
}
