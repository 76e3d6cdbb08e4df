package org.capif.provider.registration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.capif.common.cert.CapifRole;

/** One function of an API provider domain with its current client certificate. */
@Entity
@Table(name = "provider_function")
public class RegisteredFunction {

    @Id
    @Column(name = "api_prov_func_id")
    public String apiProvFuncId;

    @ManyToOne
    @JoinColumn(name = "api_prov_dom_id", nullable = false)
    public ProviderDomain domain;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false)
    public CapifRole role;

    @Column(name = "position", nullable = false)
    public int position;

    @Column(name = "api_prov_func_info")
    public String apiProvFuncInfo;

    /** The CSR as the provider sent it, echoed back as {@code apiProvPubKey}. */
    @Column(name = "api_prov_pub_key", nullable = false)
    public String apiProvPubKey;

    @Column(name = "public_key_fingerprint", nullable = false)
    public String publicKeyFingerprint;

    @Column(name = "certificate_pem", nullable = false)
    public String certificatePem;

    /** {@code x5t#S256} of the current certificate (RFC 8705): the one certificate accepted for this function. */
    @Column(name = "certificate_thumbprint", nullable = false)
    public String certificateThumbprint;

    @Column(name = "certificate_serial", nullable = false)
    public String certificateSerial;

    @Column(name = "certificate_not_after", nullable = false)
    public Instant certificateNotAfter;
}
