package org.capif.invoker.onboarding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.capif.common.event.EventCodec;

/** An onboarded API invoker: its profile, current client certificate and subscription. */
@Entity
@Table(name = "api_invoker")
public class ApiInvoker {

    @Id
    @Column(name = "api_invoker_id")
    public String apiInvokerId;

    @Column(name = "onboarding_id", nullable = false, unique = true)
    public String onboardingId;

    @Column(name = "notification_destination", nullable = false)
    public String notificationDestination;

    @Column(name = "request_test_notification")
    public Boolean requestTestNotification;

    @Column(name = "websocket_uri")
    public String websocketUri;

    @Column(name = "request_websocket_uri")
    public Boolean requestWebsocketUri;

    @Column(name = "api_invoker_information")
    public String apiInvokerInformation;

    @Column(name = "supported_features")
    public String supportedFeatures;

    /** The CSR as the invoker sent it, echoed back as {@code apiInvokerPublicKey}. */
    @Column(name = "api_invoker_public_key", nullable = false)
    public String apiInvokerPublicKey;

    @Column(name = "public_key_fingerprint", nullable = false)
    public String publicKeyFingerprint;

    @Column(name = "certificate_pem", nullable = false)
    public String certificatePem;

    /** {@code x5t#S256} of the current certificate (RFC 8705). */
    @Column(name = "certificate_thumbprint", nullable = false)
    public String certificateThumbprint;

    @Column(name = "certificate_serial", nullable = false)
    public String certificateSerial;

    @Column(name = "certificate_not_after", nullable = false)
    public Instant certificateNotAfter;

    /** JSON array of the published apiIds the invoker is subscribed to. */
    @Column(name = "granted_api_ids", nullable = false)
    public String grantedApiIds;

    @Column(name = "credential_jti", nullable = false)
    public String credentialJti;

    /** Per-invoker event sequence: incremented with every change. */
    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> grantedApis() {
        return List.of(EventCodec.decode(grantedApiIds, String[].class));
    }

    public void grantedApis(List<String> apiIds) {
        this.grantedApiIds = EventCodec.encode(apiIds);
    }
}
