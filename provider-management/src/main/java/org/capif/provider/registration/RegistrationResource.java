package org.capif.provider.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.capif.common.api.JsonMergePatch;
import org.capif.common.cert.CapifRole;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.provider.ProviderManagementConfig;

/**
 * TS 29.222 §8.9 CAPIF_API_Provider_Management_API, {@code /api-provider-management/v1/registrations}. Registration
 * runs over server-authenticated TLS with the operator's registration credential in {@code regSec} (also accepted as
 * {@code Authorization: Bearer}); update requires mutual TLS with an AMF certificate of the domain; deregistration an
 * AMF of the domain or the operator.
 */
@Path("/api-provider-management/v1/registrations")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    /** The members of TS 29.222 {@code APIProviderEnrolmentDetailsPatch}. */
    static final Set<String> PATCHABLE = Set.of("apiProvFuncs", "apiProvDomInfo");

    private final RegistrationService service;
    private final RegistrationCredentials credentials;
    private final RegistrationValidator validator;
    private final RegistrationMapper mapper;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final String apiRoot;

    public RegistrationResource(
            RegistrationService service,
            RegistrationCredentials credentials,
            RegistrationValidator validator,
            RegistrationMapper mapper,
            OutboxRelay relay,
            ObjectMapper json,
            ProviderManagementConfig config) {
        this.service = service;
        this.credentials = credentials;
        this.validator = validator;
        this.mapper = mapper;
        this.relay = relay;
        this.json = json;
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(
            @HeaderParam("Authorization") String authorization, APIProviderEnrolmentDetails body) {
        var credential = credentials.verify(body == null ? null : body.regSec(), authorization);
        RegistrationValidator.Registration registration = validator.validate(body, null);
        return service.register(credential, registration).invoke(relay::wakeUp).map(domain -> Response.created(
                        URI.create(apiRoot + "/api-provider-management/v1/registrations/" + domain.apiProvDomId))
                .entity(mapper.toDetails(domain))
                .build());
    }

    @PUT
    @Path("/{registrationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<APIProviderEnrolmentDetails> replace(
            @Context HttpServerRequest request,
            @PathParam("registrationId") String registrationId,
            APIProviderEnrolmentDetails body) {
        AuthenticatedPeer amf = PeerCertificates.require(request, CapifRole.AMF);
        RegistrationValidator.Registration registration = validator.validate(body, registrationId);
        return service.update(amf, registrationId, registration)
                .invoke(relay::wakeUp)
                .map(mapper::toDetails);
    }

    @PATCH
    @Path("/{registrationId}")
    @Consumes(MERGE_PATCH)
    public Uni<APIProviderEnrolmentDetails> modify(
            @Context HttpServerRequest request, @PathParam("registrationId") String registrationId, byte[] body) {
        AuthenticatedPeer amf = PeerCertificates.require(request, CapifRole.AMF);
        ObjectNode patch = JsonMergePatch.parse(json, body, PATCHABLE, "APIProviderEnrolmentDetailsPatch");
        return service.patch(amf, registrationId, patch).invoke(relay::wakeUp).map(mapper::toDetails);
    }

    @DELETE
    @Path("/{registrationId}")
    public Uni<Response> deregister(
            @Context HttpServerRequest request, @PathParam("registrationId") String registrationId) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.AMF, CapifRole.OPERATOR);
        return service.deregister(peer, registrationId).invoke(relay::wakeUp).map(v -> Response.noContent()
                .build());
    }
}
