package org.capif.provider.sdk;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capif.common.cert.Pem;
import org.capif.common.config.CommonConfig;

/**
 * {@code GET /getauth}: the login the OpenCAPIF SDK expects from its "register" service before it onboards an invoker
 * or registers a provider (not 3GPP; decisions D19). Answers a fresh single-use credential of our own
 * ({@code access_token}), the CAPIF CA certificates ({@code ca_root}) and the relative paths of the CAPIF APIs. Off
 * unless {@code capif.sdk-compat.enabled}.
 */
@Path("/getauth")
public class GetAuthResource {

    private final SdkCompat sdk;
    private final String caRoot;

    public GetAuthResource(SdkCompat sdk, CommonConfig common) {
        this.sdk = sdk;
        this.caRoot =
                Pem.encode(Pem.certificates(Pem.read(common.tls().caCert())).toArray());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> getAuth(@HeaderParam("Authorization") String authorization) {
        sdk.requireEnabled();
        return sdk.login(authorization).map(login -> {
            if (login == null) {
                throw SdkCompat.refused();
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("message", "Token and CA root returned successfully");
            body.put("access_token", login.credential().credential());
            body.put("ca_root", caRoot);
            body.put("ccf_api_onboarding_url", "api-provider-management/v1/registrations");
            body.put("ccf_publish_url", "published-apis/v1/<apfId>/service-apis");
            body.put("ccf_onboarding_url", "api-invoker-management/v1/onboardedInvokers");
            body.put("ccf_discover_url", "service-apis/v1/allServiceAPIs?api-invoker-id=");
            body.put("ccf_security_url", "capif-security/v1/trustedInvokers/<apiInvokerId>");
            return Response.ok(body).header("Cache-Control", "no-store").build();
        });
    }
}
