-- CAPIF event subscriptions (TS 29.222 §8.3 CAPIF_Events_API) and, per invoker, the implicit subscription of its
-- security context's notificationDestination (kind SECURITY), with their delivery state: each subscription is one
-- ordered queue (notification.seq), delivered by whichever replica holds its lease.
create table subscription (
    subscription_id           text        primary key,
    subscriber_id             text        not null,
    subscriber_role           text        not null,
    subscriber_domain         text,
    kind                      text        not null,
    events                    text[]      not null,
    event_filters             text,
    notification_destination  text        not null,
    enhanced                  boolean     not null,
    resource                  text        not null,
    max_reports               bigint,
    expires_at                timestamptz,
    enqueued_seq              bigint      not null default 0,
    delivered_seq             bigint      not null default 0,
    dropped                   bigint      not null default 0,
    attempts                  integer     not null default 0,
    next_attempt_at           timestamptz,
    failing_since             timestamptz,
    lease_owner               text,
    lease_until               timestamptz,
    created_at                timestamptz not null,
    updated_at                timestamptz not null
);
create index subscription_subscriber on subscription (subscriber_id);
create index subscription_events on subscription using gin (events);
create index subscription_pending on subscription (next_attempt_at) where enqueued_seq > delivered_seq;
create unique index subscription_security on subscription (subscriber_id) where kind = 'SECURITY';

-- Notifications waiting for delivery, in order per subscription; a row is deleted in the transaction that records the
-- subscriber's 2xx. event_id is the CAPIF event's id (the capif-event-id header): one notification per event and
-- subscription, whatever is consumed twice.
create table notification (
    subscription_id  text        not null references subscription (subscription_id) on delete cascade,
    seq              bigint      not null,
    event_id         uuid        not null,
    event            text        not null,
    payload          text        not null,
    created_at       timestamptz not null,
    primary key (subscription_id, seq)
);
create unique index notification_event on notification (subscription_id, event_id);
