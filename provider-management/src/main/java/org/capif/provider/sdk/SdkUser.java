package org.capif.provider.sdk;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user of the OpenCAPIF SDK compatibility endpoint, created by the operator (decisions D19). */
@Entity
@Table(name = "sdk_user")
public class SdkUser extends PanacheEntityBase {

    @Id
    @Column(name = "username")
    public String username;

    /** Argon2id PHC string ({@link PasswordHashes}); the password itself is never stored. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    /** {@code invoker} (gets onboarding credentials) or {@code provider} (gets registration credentials). */
    @Column(name = "role", nullable = false)
    public String role;

    /** JSON array: the default subscription put in the invoker's onboarding credentials. */
    @Column(name = "default_apis", nullable = false)
    public String defaultApis;

    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
