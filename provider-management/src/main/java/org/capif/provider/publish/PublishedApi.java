package org.capif.provider.publish;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A published service API: who published it, and its description as published (JSON). */
@Entity
@Table(name = "service_api")
public class PublishedApi {

    @Id
    @Column(name = "api_id")
    public String apiId;

    @Column(name = "apf_id", nullable = false)
    public String apfId;

    @Column(name = "api_prov_dom_id", nullable = false)
    public String apiProvDomId;

    @Column(name = "api_name", nullable = false)
    public String apiName;

    /** The {@code ServiceAPIDescription} as published, with its {@code apiId} (JSON). */
    @Column(name = "description", nullable = false)
    public String description;

    /** Per-API sequence of its service API events. */
    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
