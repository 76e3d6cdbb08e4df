-- Users of the optional OpenCAPIF SDK compatibility endpoint (GET /getauth; decisions D19), created by the operator.
-- Passwords are stored as Argon2id hashes (PHC strings); repeated failures lock a user for a while.
create table sdk_user (
    username         text        primary key,
    password_hash    text        not null,
    role             text        not null check (role in ('invoker', 'provider')),
    default_apis     text        not null,
    failed_attempts  integer     not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
