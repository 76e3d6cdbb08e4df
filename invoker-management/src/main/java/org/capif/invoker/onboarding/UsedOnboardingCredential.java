package org.capif.invoker.onboarding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The ledger of spent onboarding credentials: a credential's {@code jti} can appear here only once. */
@Entity
@Table(name = "used_onboarding_credential")
public class UsedOnboardingCredential {

    @Id
    @Column(name = "jti")
    public String jti;

    @Column(name = "subject")
    public String subject;

    @Column(name = "api_invoker_id", nullable = false)
    public String apiInvokerId;

    @Column(name = "used_at", nullable = false)
    public Instant usedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
