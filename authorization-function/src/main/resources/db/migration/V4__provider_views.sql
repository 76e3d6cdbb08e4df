-- The authorization function's own views of the provider domain, built from the provider and service API events
-- (never written by requests): which AEFs are registered with which certificate, and what each API publishes.
create table provider_domain_view (
    api_prov_dom_id  text        primary key,
    event            text        not null,
    sequence         bigint      not null,
    updated_at       timestamptz not null
);

create table service_api_view (
    api_id      text        primary key,
    event       text        not null,
    sequence    bigint      not null,
    updated_at  timestamptz not null
);
