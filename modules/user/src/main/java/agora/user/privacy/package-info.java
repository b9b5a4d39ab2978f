/** Privacy: the settings, and the one rule of who sees whom that every read path applies ({@link agora.user.privacy.Sight}). */
package agora.user.privacy;
