package org.capif.provider.registration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The ledger of spent registration credentials: a credential's {@code jti} can appear here only once. */
@Entity
@Table(name = "used_registration_credential")
public class UsedRegistrationCredential {

    @Id
    @Column(name = "jti")
    public String jti;

    @Column(name = "subject")
    public String subject;

    @Column(name = "api_prov_dom_id", nullable = false)
    public String apiProvDomId;

    @Column(name = "used_at", nullable = false)
    public Instant usedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
