package org.capif.provider.registration;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A registered API provider domain and its functions, in registration order. */
@Entity
@Table(name = "provider_domain")
public class ProviderDomain {

    @Id
    @Column(name = "api_prov_dom_id")
    public String apiProvDomId;

    @Column(name = "api_prov_dom_info")
    public String apiProvDomInfo;

    @Column(name = "supp_feat")
    public String suppFeat;

    /** The (spent, single-use) registration credential the domain registered with, echoed as {@code regSec}. */
    @Column(name = "reg_sec", nullable = false)
    public String regSec;

    /** Per-domain sequence of its provider events. */
    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @OneToMany(mappedBy = "domain", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<RegisteredFunction> functions = new ArrayList<>();
}
