-- Invocations leased against allowedTotalInvocations (TS 29.222 ApiInvokerPolicy), shared by every validator replica:
-- a replica leases a small block, serves it from memory, and leases the next. The sum of leases never exceeds the
-- allowed total, so replicas together never allow more invocations than the policy does.
create table invocation_usage (
    api_invoker_id  text    not null,
    aef_id          text    not null,
    api_id          text    not null,
    leased          bigint  not null,
    primary key (api_invoker_id, aef_id, api_id)
);

-- Revocations an AEF asked for through AEF_Security_API revoke-authorization, kept so they survive restarts and reach
-- every replica (which poll this table).
create table local_revocation (
    id              bigserial   primary key,
    api_invoker_id  text        not null,
    aef_id          text        not null,
    api_name        text        not null,
    not_before      timestamptz not null,
    cause           text        not null,
    created_at      timestamptz not null default now()
);
create index local_revocation_created on local_revocation (created_at);
