-- Accounts, their login sessions and refresh tokens, email verification, and invitations.
-- Secrets (passwords, refresh tokens, invitation and verification tokens, CSRF tokens) are stored
-- only as hashes: a copy of these tables lets nobody sign in.

-- Invitations come first: an account records the invitation it redeemed.
CREATE TABLE auth_invitations (
    id          uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,              -- SHA-256 of the token (≥ 128 random bits)
    inviter_id  uuid,                               -- null: the operator's bootstrap invitation
    role        text CHECK (role IN ('territory-admin', 'moderator')),
    note        text CHECK (length(note) <= 500),
    max_uses    integer NOT NULL CHECK (max_uses BETWEEN 1 AND 1000),
    uses        integer NOT NULL DEFAULT 0,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CHECK (uses BETWEEN 0 AND max_uses)
);

CREATE INDEX auth_invitations_inviter ON auth_invitations (inviter_id, id);

CREATE TABLE auth_accounts (
    id                uuid PRIMARY KEY,
    email             citext UNIQUE,                -- null once the account is deleted (erased)
    display_name      text CHECK (length(display_name) BETWEEN 1 AND 100),  -- null once deleted
    password_hash     text,                         -- Argon2id PHC string; null once deleted
    status            text NOT NULL CHECK (status IN ('active', 'suspended', 'deleted')),
    roles             text[] NOT NULL DEFAULT '{}',
    email_verified_at timestamptz,
    invitation_id     uuid REFERENCES auth_invitations (id),
    invited_by        uuid REFERENCES auth_accounts (id),
    created_at        timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL,
    status_reason     text CHECK (length(status_reason) <= 500),
    version           bigint NOT NULL DEFAULT 1,
    CHECK ((status = 'deleted') = (email IS NULL AND password_hash IS NULL AND display_name IS NULL))
);

CREATE INDEX auth_accounts_invited_by ON auth_accounts (invited_by);

ALTER TABLE auth_invitations ADD FOREIGN KEY (inviter_id) REFERENCES auth_accounts (id);

-- Who redeemed which invitation when: the usage audit an inviter and the territory admins see.
CREATE TABLE auth_invitation_uses (
    invitation_id uuid NOT NULL REFERENCES auth_invitations (id),
    account_id    uuid NOT NULL REFERENCES auth_accounts (id),
    used_at       timestamptz NOT NULL,
    PRIMARY KEY (invitation_id, account_id)
);

-- One login: a refresh-token family. Revoked by logout, by an administrator, by suspension or
-- deletion, or when a rotated refresh token is presented again (reuse).
CREATE TABLE auth_sessions (
    id              uuid PRIMARY KEY,
    account_id      uuid NOT NULL REFERENCES auth_accounts (id),
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,           -- the absolute lifetime
    cookie_mode     boolean NOT NULL,
    csrf_hash       bytea,                          -- cookie mode: SHA-256 of the CSRF token
    user_agent      text CHECK (length(user_agent) <= 300),
    client_address  text,
    revoked_at      timestamptz,
    revoked_reason  text CHECK (revoked_reason IN ('logout', 'logout-all', 'revoked', 'refresh-reuse',
                                                   'suspended', 'deleted')),
    CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
    CHECK (cookie_mode = (csrf_hash IS NOT NULL))
);

CREATE INDEX auth_sessions_account ON auth_sessions (account_id, id) WHERE revoked_at IS NULL;

-- Every refresh token a session was issued. The newest unused one is current; a used one records
-- when, so a retry inside the grace window gets the same successor and a later reuse is detected.
CREATE TABLE auth_refresh_tokens (
    token_hash  bytea PRIMARY KEY,                  -- SHA-256 of the token (256 random bits)
    session_id  uuid NOT NULL REFERENCES auth_sessions (id),
    generation  integer NOT NULL,
    issued_at   timestamptz NOT NULL,
    used_at     timestamptz,
    UNIQUE (session_id, generation)
);

CREATE TABLE auth_email_verifications (
    token_hash  bytea PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES auth_accounts (id),
    email       citext NOT NULL,                    -- the address the link was sent to
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX auth_email_verifications_account ON auth_email_verifications (account_id);
