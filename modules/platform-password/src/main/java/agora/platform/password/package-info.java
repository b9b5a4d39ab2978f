/**
 * Passwords: {@link agora.platform.password.PasswordPolicy} says which passwords an account may
 * have; {@link agora.platform.password.PasswordHashing} says how costly a hash is,
 * {@link agora.platform.password.HashingCapacity} how many run at once and how long a caller waits,
 * {@link agora.platform.password.HashingBackend} which implementation computes them, and
 * {@link agora.platform.password.PasswordHasher} makes and checks them.
 */
package agora.platform.password;
