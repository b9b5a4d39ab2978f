-- The territory's token-signing keys. A key is published (JWKS) from creation as `next`, signs while
-- `current`, and stays published while `retired` until expires_at, when no token it signed can
-- still be valid. The private key is PKCS#8, encrypted with AES-256-GCM under the pod's
-- agora.auth.keys.secret (12-byte nonce followed by ciphertext and tag; the kid is the associated
-- data, so a ciphertext moved to another row does not decrypt).
CREATE TABLE auth_signing_keys (
    kid                   uuid PRIMARY KEY,
    status                text NOT NULL CHECK (status IN ('next', 'current', 'retired')),
    public_jwk            jsonb NOT NULL,
    private_key_encrypted bytea NOT NULL,
    created_at            timestamptz NOT NULL,
    activated_at          timestamptz,
    retired_at            timestamptz,
    expires_at            timestamptz,
    CHECK ((status = 'retired') = (expires_at IS NOT NULL))
);

-- At most one key signs and one waits.
CREATE UNIQUE INDEX auth_signing_keys_one_per_status ON auth_signing_keys (status) WHERE status IN ('next', 'current');
