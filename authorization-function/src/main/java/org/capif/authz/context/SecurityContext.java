package org.capif.authz.context;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored security context (TS 29.222 trustedInvokers resource); see {@code V1__authorization.sql}. */
@Entity
@Table(name = "security_context")
public class SecurityContext {

    @Id
    @Column(name = "api_invoker_id")
    public String apiInvokerId;

    @Column(name = "notification_destination")
    public String notificationDestination;

    @Column(name = "request_test_notification")
    public Boolean requestTestNotification;

    @Column(name = "websocket_uri")
    public String websocketUri;

    @Column(name = "request_websocket_uri")
    public Boolean requestWebsocketUri;

    @Column(name = "supported_features")
    public String supportedFeatures;

    /** JSON array of {@link SecurityEntry}. */
    @Column(name = "security_info", nullable = false)
    public String securityInfo;

    /** JSON array of {@link org.capif.common.event.Revocation}, the latest per API. */
    @Column(name = "revocations", nullable = false)
    public String revocations;

    /** JSON array of {@link RevokedAuthorization}: what an AEF or the operator revoked, until granted again. */
    @Column(name = "revoked_authorizations", nullable = false)
    public String revokedAuthorizations;

    /** Per-invoker version: the sequence of the security events. */
    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
