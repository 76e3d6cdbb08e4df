-- The invoker management service's own view of the published service APIs, built from the service API events (never
-- written by requests): what invokers can be granted at onboarding and update, and what they discover.
create table published_api_view (
    api_id           text        primary key,
    status           text        not null,
    apf_id           text        not null,
    api_prov_dom_id  text        not null,
    api_name         text        not null,
    description      text        not null,
    sequence         bigint      not null,
    event_id         uuid        not null,
    updated_at       timestamptz not null
);

create index published_api_view_name_idx on published_api_view (api_name) where status = 'PUBLISHED';
