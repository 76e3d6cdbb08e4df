-- Service API invocation logs (TS 29.222 §8.7 CAPIF_Logging_API_Invocation_API), one row per Log entry, queried by the
-- auditing API (CAPIF_Auditing_API) always within one API provider domain. Identifiers and thumbprints only:
-- parameters are stored with tokens and certificates removed. Rows older than capif.logs.retention, and the oldest
-- beyond capif.logs.max-rows, are deleted.
create table invocation_log (
    id                  bigserial   primary key,
    log_id              text        not null,
    source              text        not null,
    source_event_id     uuid,
    api_prov_dom_id     text        not null,
    aef_id              text        not null,
    api_invoker_id      text        not null,
    api_id              text        not null,
    api_name            text        not null,
    api_version         text        not null,
    resource_name       text        not null,
    uri                 text,
    protocol            text        not null,
    operation           text,
    result              text        not null,
    invocation_time     timestamptz not null,
    invocation_latency  bigint,
    input_parameters    text,
    output_parameters   text,
    src_interface       jsonb,
    dest_interface      jsonb,
    fwd_interface       text,
    supported_features  text,
    stored_at           timestamptz not null
);
create unique index invocation_log_source_event on invocation_log (source_event_id);
create index invocation_log_log_id on invocation_log (log_id);
-- Every audit query names the domain and is ordered by (invocation_time, id), with keyset pagination.
create index invocation_log_domain_time on invocation_log (api_prov_dom_id, invocation_time, id);
create index invocation_log_invoker on invocation_log (api_prov_dom_id, api_invoker_id, invocation_time, id);
create index invocation_log_aef on invocation_log (api_prov_dom_id, aef_id, invocation_time, id);
create index invocation_log_api on invocation_log (api_prov_dom_id, api_id, invocation_time, id);
