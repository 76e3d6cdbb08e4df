package org.capif.provider.sdk;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.capif.common.cert.CapifRole;
import org.capif.common.credential.CredentialRequest;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.event.EventCodec;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.FieldErrors;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;

/**
 * Operator administration of the SDK compatibility users (our extension; decisions D19): {@code PUT} creates or
 * replaces a user (password hashed with Argon2id, never stored or logged in clear), {@code DELETE} removes it,
 * {@code GET} lists them without their hashes. Operator certificate only; 404 while the compatibility endpoint is off.
 */
@Path("/capif-admin/v1/sdk-users")
@Produces(MediaType.APPLICATION_JSON)
public class SdkUserResource {

    private static final Logger LOG = Logger.getLogger(SdkUserResource.class);
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1024;

    /**
     * A user as the operator sets it.
     *
     * @param password at least {@value #MIN_PASSWORD} characters
     * @param role {@code invoker} or {@code provider}
     * @param defaultApis for an invoker, the default subscription of its onboarding credentials (see
     *     {@link CredentialRequest#defaultApis})
     */
    public record SdkUserRequest(String password, String role, List<String> defaultApis) {}

    /** A user as listed. */
    public record SdkUserSummary(String username, String role, List<String> defaultApis, Instant lockedUntil) {}

    private final SdkCompat sdk;
    private final Clock clock;

    public SdkUserResource(SdkCompat sdk, Clock clock) {
        this.sdk = sdk;
        this.clock = clock;
    }

    @PUT
    @Path("/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<Response> put(
            @Context HttpServerRequest request, @PathParam("username") String username, SdkUserRequest body) {
        sdk.requireEnabled();
        var operator = PeerCertificates.require(request, CapifRole.OPERATOR);
        FieldErrors errors = new FieldErrors();
        if (body == null
                || errors.require(body.password(), "/password")
                        && (body.password().length() < MIN_PASSWORD
                                || body.password().length() > MAX_PASSWORD)) {
            errors.incorrect("/password", MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (body != null
                && errors.require(body.role(), "/role")
                && !Set.of("invoker", "provider").contains(body.role())) {
            errors.incorrect("/role", "invoker or provider");
        }
        errors.throwIfAny();
        List<String> apis = body.defaultApis() == null ? List.of() : body.defaultApis();
        if (!apis.isEmpty() && "provider".equals(body.role())) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "Only invokers have a default subscription.",
                    new org.capif.common.problem.InvalidParam("/defaultApis", "not for providers"));
        }
        // Checks the entries as a credential request would, so a bad list is refused now, not at every login.
        OperatorCredentials.checkDefaultApis(apis);
        String hash = PasswordHashes.hash(body.password());
        Instant now = clock.instant();
        return SdkUser.<SdkUser>findById(username).chain(existing -> {
            SdkUser user = existing != null ? existing : new SdkUser();
            boolean created = existing == null;
            user.username = username;
            user.passwordHash = hash;
            user.role = body.role();
            user.defaultApis = EventCodec.encode(apis);
            user.failedAttempts = 0;
            user.lockedUntil = null;
            user.updatedAt = now;
            if (created) {
                user.createdAt = now;
            }
            LOG.infof(
                    "operator %s %s SDK user %s (%s)",
                    operator.id(), created ? "created" : "replaced", username, user.role);
            return user.persist()
                    .replaceWith(Response.status(created ? 201 : 200)
                            .entity(new SdkUserSummary(username, user.role, apis, null))
                            .build());
        });
    }

    @DELETE
    @Path("/{username}")
    @WithTransaction
    public Uni<Response> delete(@Context HttpServerRequest request, @PathParam("username") String username) {
        sdk.requireEnabled();
        PeerCertificates.require(request, CapifRole.OPERATOR);
        return SdkUser.deleteById(username).map(deleted -> {
            if (!deleted) {
                throw CapifException.notFound(Causes.RESOURCE_NOT_FOUND, "No SDK user " + username + ".");
            }
            return Response.noContent().build();
        });
    }

    @GET
    @WithSession
    public Uni<List<SdkUserSummary>> list(@Context HttpServerRequest request) {
        sdk.requireEnabled();
        PeerCertificates.require(request, CapifRole.OPERATOR);
        return SdkUser.<SdkUser>listAll().map(users -> users.stream()
                .map(u -> new SdkUserSummary(
                        u.username, u.role, List.of(EventCodec.decode(u.defaultApis, String[].class)), u.lockedUntil))
                .toList());
    }
}
