-- The authorization function's own view of invokers, built from the invoker events (never written by requests).
create table invoker_view (
    api_invoker_id          text        primary key,
    status                  text        not null,
    certificate_thumbprint  text        not null,
    certificate_not_after   timestamptz not null,
    apis                    text        not null,
    sequence                bigint      not null,
    event_id                uuid        not null,
    updated_at              timestamptz not null
);

-- Security contexts (TS 29.222 §8.5 trustedInvokers). The row outlives a DELETE (empty security_info) so that the
-- per-invoker event sequence never restarts and revocation instants are kept.
create table security_context (
    api_invoker_id             text        primary key,
    notification_destination   text,
    request_test_notification  boolean,
    websocket_uri              text,
    request_websocket_uri      boolean,
    supported_features         text,
    security_info              text        not null,
    revocations                text        not null,
    version                    bigint      not null,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);
