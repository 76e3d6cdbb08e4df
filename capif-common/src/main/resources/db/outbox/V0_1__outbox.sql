-- Transactional outbox (shared by every service that publishes events). A row is written in the same transaction
-- as the state change it describes and deleted by the relay once Kafka has acknowledged it.
create table outbox (
    id           bigserial   primary key,
    topic        text        not null,
    message_key  text        not null,
    event_id     uuid        not null unique,
    event_type   text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now()
);
