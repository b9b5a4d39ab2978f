-- Suspensions with terms (Auth III): an account is suspended while any of its suspensions is open.
-- A suspension is manual (a territory admin's) or a moderation decision's; it ends by itself at
-- ends_at (a durable timer of kind suspension_end fires it), or is lifted earlier (reactivation,
-- an upheld appeal). auth_accounts.status stays the one answer the authorization view reads: it is
-- set to 'suspended' when the first suspension opens and back to 'active' when the last one ends.
CREATE TABLE auth_suspensions (
    id           uuid PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES auth_accounts (id),
    cause        text NOT NULL CHECK (cause IN ('manual', 'moderation')),
    decision_id  uuid,                              -- the moderation decision; null for a manual one
    reason       text CHECK (length(reason) BETWEEN 1 AND 500),  -- shown to the member
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz,                       -- null: until lifted
    created_by   uuid NOT NULL,                     -- the admin or moderator who decided
    ended_at     timestamptz,                       -- null while it counts
    ended_how    text CHECK (ended_how IN ('expired', 'lifted')),
    ended_by     uuid,                              -- who lifted it; null when it expired
    CHECK ((cause = 'moderation') = (decision_id IS NOT NULL)),
    CHECK (ends_at IS NULL OR ends_at > starts_at),
    CHECK ((ended_at IS NULL) = (ended_how IS NULL))
);

-- One suspension per moderation decision: suspending twice for one decision is the same suspension.
CREATE UNIQUE INDEX auth_suspensions_decision ON auth_suspensions (decision_id) WHERE decision_id IS NOT NULL;
-- At most one open manual suspension per account: suspending again changes its term.
CREATE UNIQUE INDEX auth_suspensions_open_manual ON auth_suspensions (account_id)
    WHERE cause = 'manual' AND ended_at IS NULL;
CREATE INDEX auth_suspensions_account ON auth_suspensions (account_id, starts_at);

-- Accounts suspended before terms existed keep an open-ended manual suspension with their reason.
INSERT INTO auth_suspensions (id, account_id, cause, reason, starts_at, created_by)
SELECT gen_random_uuid(), id, 'manual', NULLIF(btrim(status_reason), ''), status_changed_at, id
FROM auth_accounts WHERE status = 'suspended';

-- A session opened while the account was suspended is restricted to the appeal routes
-- (scope 'appeal' in its tokens), and stays so until it ends.
ALTER TABLE auth_sessions ADD COLUMN scope text CHECK (scope IN ('appeal'));

-- The language of the member's mails that no request carries (a suspension's start and end):
-- the one of registration, then of the latest sign-in.
ALTER TABLE auth_accounts ADD COLUMN language text CHECK (language IN ('en', 'da', 'nb', 'nn', 'sv'));
