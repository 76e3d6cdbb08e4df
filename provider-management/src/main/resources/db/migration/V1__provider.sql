-- Registered API provider domains and their functions (TS 29.222 §8.9, CAPIF_API_Provider_Management_API).
-- Deregistration deletes the domain, its functions (with their certificates) and its published APIs; the
-- used-credential ledger keeps which credential registered which domain.
create table provider_domain (
    api_prov_dom_id    text        primary key,
    api_prov_dom_info  text,
    supp_feat          text,
    reg_sec            text        not null,
    version            bigint      not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);

create table provider_function (
    api_prov_func_id        text        primary key,
    api_prov_dom_id         text        not null references provider_domain on delete cascade,
    role                    text        not null check (role in ('AEF', 'APF', 'AMF')),
    position                integer     not null,
    api_prov_func_info      text,
    api_prov_pub_key        text        not null,
    public_key_fingerprint  text        not null,
    certificate_pem         text        not null,
    certificate_thumbprint  text        not null,
    certificate_serial      text        not null,
    certificate_not_after   timestamptz not null
);

-- One key pair, one function: a key already certified for a provider function is refused for another.
create unique index provider_function_public_key_uq on provider_function (public_key_fingerprint);
create index provider_function_domain_idx on provider_function (api_prov_dom_id, position);

-- Every registration credential is good for one registration; the primary key makes replays fail even when two
-- requests race.
create table used_registration_credential (
    jti              text        primary key,
    subject          text,
    api_prov_dom_id  text        not null,
    used_at          timestamptz not null,
    expires_at       timestamptz not null
);

-- Published service APIs (TS 29.222 §8.2, CAPIF_Publish_Service_API): the description as published (JSON), and one
-- row per AEF that exposes it, so that an API name is unique per AEF even under concurrent publications.
create table service_api (
    api_id           text        primary key,
    apf_id           text        not null,
    api_prov_dom_id  text        not null references provider_domain on delete cascade,
    api_name         text        not null,
    description      text        not null,
    version          bigint      not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index service_api_apf_idx on service_api (apf_id, created_at);

create table service_api_aef (
    api_id    text not null references service_api on delete cascade,
    aef_id    text not null,
    api_name  text not null,
    primary key (api_id, aef_id)
);

create unique index service_api_aef_name_uq on service_api_aef (aef_id, api_name);
