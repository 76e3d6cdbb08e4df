-- Event management's own views of the other services' facts, each built from its topic with one conditional upsert by
-- the aggregate's sequence (never written by requests). They tell who a subscriber is (current certificate), which
-- provider domain a function, an API or an AEF belongs to, and what an invoker is subscribed to.
create table invoker_view (
    api_invoker_id          text        primary key,
    status                  text        not null,
    certificate_thumbprint  text        not null,
    apis                    text        not null,
    sequence                bigint      not null,
    updated_at              timestamptz not null
);

create table provider_domain_view (
    api_prov_dom_id  text        primary key,
    sequence         bigint      not null,
    updated_at       timestamptz not null
);

create table provider_function_view (
    api_prov_func_id        text primary key,
    api_prov_dom_id         text not null,
    role                    text not null,
    certificate_thumbprint  text not null
);
create index provider_function_view_domain on provider_function_view (api_prov_dom_id);

create table service_api_view (
    api_id           text        primary key,
    status           text        not null,
    apf_id           text        not null,
    api_prov_dom_id  text        not null,
    api_name         text        not null,
    aef_ids          text[]      not null,
    description      text        not null,
    sequence         bigint      not null,
    updated_at       timestamptz not null
);

-- The last sequence applied per aggregate of the topics that need no view of their own (security and policy events):
-- what makes their consumption idempotent.
create table applied_sequence (
    topic          text   not null,
    aggregate_key  text   not null,
    sequence       bigint not null,
    primary key (topic, aggregate_key)
);
