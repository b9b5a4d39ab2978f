-- Account recovery (password reset by mailed link) and email change (confirmed from the new address).
-- Like every auth secret, the tokens are stored only as their SHA-256 (≥ 128 random bits each).

-- At most one live reset link per account: a new request replaces the row, so earlier links die.
-- Deleted when used, by a password change, an email change or the account's deletion; housekeeping
-- removes expired rows.
CREATE TABLE auth_password_resets (
    account_id  uuid PRIMARY KEY REFERENCES auth_accounts (id),
    token_hash  bytea NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL
);

-- At most one pending email change per account: a newer request supersedes it. The account's
-- address changes only when the link mailed to new_email is followed.
CREATE TABLE auth_email_changes (
    account_id  uuid PRIMARY KEY REFERENCES auth_accounts (id),
    token_hash  bytea NOT NULL UNIQUE,
    new_email   citext NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX auth_password_resets_expires ON auth_password_resets (expires_at);
CREATE INDEX auth_email_changes_expires ON auth_email_changes (expires_at);

-- A reset ends every session, a password change every other one.
ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoked_reason_check;
ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_revoked_reason_check
    CHECK (revoked_reason IN ('logout', 'logout-all', 'revoked', 'refresh-reuse', 'suspended', 'deleted',
                              'password-reset', 'password-changed'));
