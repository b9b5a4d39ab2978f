-- Two-factor sign-in: TOTP secrets (RFC 6238), recovery codes, the login challenges between the
-- password and the second step, and how each session signed in (RFC 8176 amr).

-- One row per account that has two-factor sign-in on or is setting it up. The secret (20 random
-- bytes) is sealed with AES-256-GCM under agora.auth.keys.secret (12-byte nonce, ciphertext, tag);
-- the associated data names the account, so a ciphertext copied to another row does not open.
CREATE TABLE auth_two_factor (
    account_id        uuid PRIMARY KEY REFERENCES auth_accounts (id),
    secret_encrypted  bytea NOT NULL,
    created_at        timestamptz NOT NULL,
    pending_until     timestamptz,                  -- set-up not confirmed: the secret confirms until then
    enabled_at        timestamptz,                  -- confirmed: sign-in asks for a second factor
    last_step         bigint,                       -- newest accepted 30-s step: no code of it or before works again
    failures          integer NOT NULL DEFAULT 0 CHECK (failures >= 0),  -- wrong codes in a row
    last_failure_at   timestamptz,
    CHECK ((pending_until IS NULL) <> (enabled_at IS NULL))
);

-- Single-use recovery codes: SHA-256 of the normalised code. Each code carries 80 random bits, so a
-- fast hash is enough (nothing to guess offline). A used code is deleted.
CREATE TABLE auth_recovery_codes (
    account_id  uuid NOT NULL REFERENCES auth_accounts (id),
    code_hash   bytea NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, code_hash)
);

-- A password accepted for an account with two-factor sign-in: the second step must follow before
-- expires_at, with fewer than the configured number of wrong codes; used once.
CREATE TABLE auth_login_challenges (
    token_hash   bytea PRIMARY KEY,                 -- SHA-256 of the challenge (192 random bits)
    account_id   uuid NOT NULL REFERENCES auth_accounts (id),
    cookie_mode  boolean NOT NULL,                  -- the refresh-token delivery chosen with the password
    attempts     integer NOT NULL DEFAULT 0,        -- wrong codes so far
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

CREATE INDEX auth_login_challenges_account ON auth_login_challenges (account_id);

-- How a session signed in: {pwd}, or {pwd,otp} after a second factor, which second_factor names.
-- Sessions opened before this migration signed in with a password alone.
ALTER TABLE auth_sessions
    ADD COLUMN amr text[] NOT NULL DEFAULT '{pwd}' CHECK (amr IN ('{pwd}', '{pwd,otp}')),
    ADD COLUMN second_factor text CHECK (second_factor IN ('totp', 'recovery-code')),
    ADD CHECK ((second_factor IS NULL) = (amr = '{pwd}'));
