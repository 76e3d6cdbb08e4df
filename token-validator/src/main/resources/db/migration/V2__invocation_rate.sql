-- The budget of allowedInvocationsPerSecond (TS 29.222 ApiInvokerPolicy) for the current calendar second, shared by
-- every validator replica: a replica leases a slice, serves it from memory, and leases the next. The sum of the slices
-- leased in one second never exceeds the allowed rate; a new second starts the count again.
create table invocation_rate (
    api_invoker_id  text    not null,
    aef_id          text    not null,
    api_id          text    not null,
    window_second   bigint  not null,
    leased          bigint  not null,
    primary key (api_invoker_id, aef_id, api_id)
);
