package org.capif.authz.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A stored access control policy; see {@code V2__access_control_policy.sql}. */
@Entity
@Table(name = "access_control_policy")
@IdClass(AccessControlPolicy.Key.class)
public class AccessControlPolicy {

    /** The composite primary key. */
    public record Key(String apiInvokerId, String aefId, String apiId) implements Serializable {
        public Key() {
            this(null, null, null);
        }
    }

    @Id
    @Column(name = "api_invoker_id")
    public String apiInvokerId;

    @Id
    @Column(name = "aef_id")
    public String aefId;

    @Id
    @Column(name = "api_id")
    public String apiId;

    @Column(name = "api_name", nullable = false)
    public String apiName;

    /** JSON {@code ApiInvokerPolicy}, or null once removed. */
    @Column(name = "policy")
    public String policy;

    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
