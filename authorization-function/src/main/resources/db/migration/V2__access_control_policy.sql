-- Access control policies (TS 29.222 §8.6 ApiInvokerPolicy) per invoker, AEF and API, set by the operator. A removed
-- policy keeps its row (policy null) so the per-key event sequence never restarts.
create table access_control_policy (
    api_invoker_id  text        not null,
    aef_id          text        not null,
    api_id          text        not null,
    api_name        text        not null,
    policy          text,
    version         bigint      not null,
    updated_at      timestamptz not null,
    primary key (api_invoker_id, aef_id, api_id)
);
