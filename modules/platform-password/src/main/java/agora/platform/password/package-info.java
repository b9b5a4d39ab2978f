/**
 * Argon2id password hashes: {@link agora.platform.password.PasswordHashing} says how costly a hash
 * is, {@link agora.platform.password.PasswordHasher} makes and checks them.
 */
package agora.platform.password;
