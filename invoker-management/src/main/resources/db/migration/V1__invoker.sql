-- Onboarded API invokers (TS 29.222 §8.4, TS 33.122 §6.1). Offboarding deletes the profile, including the
-- certificate; the used-credential ledger keeps who onboarded with which credential.
create table api_invoker (
    api_invoker_id             text        primary key,
    onboarding_id              text        not null unique,
    notification_destination   text        not null,
    request_test_notification  boolean,
    websocket_uri              text,
    request_websocket_uri      boolean,
    api_invoker_information    text,
    supported_features         text,
    api_invoker_public_key     text        not null,
    public_key_fingerprint     text        not null,
    certificate_pem            text        not null,
    certificate_thumbprint     text        not null,
    certificate_serial         text        not null,
    certificate_not_after      timestamptz not null,
    granted_api_ids            text        not null,
    credential_jti             text        not null,
    version                    bigint      not null,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);

-- One key pair, one invoker: a second onboarding with the same key is refused.
create unique index api_invoker_public_key_uq on api_invoker (public_key_fingerprint);

-- Every onboarding credential is good for one onboarding (TS 33.122 §6.1); the primary key makes replays fail even
-- when two requests race.
create table used_onboarding_credential (
    jti             text        primary key,
    subject         text,
    api_invoker_id  text        not null,
    used_at         timestamptz not null,
    expires_at      timestamptz not null
);
