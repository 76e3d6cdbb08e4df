-- Authorizations an AEF or the operator revoked (Revoke_Authorization) and that stay revoked until that AEF or the
-- operator grants them again: a JSON array of RevokedAuthorization, kept on the context row so that it changes under
-- the same row lock, version and notification as the context itself.
alter table security_context add column revoked_authorizations text not null default '[]';
