/**
 * The sections other services add to a member's profile (badges, courses, forum counts), asked of
 * every contributor through the host within a deadline, and shown as the member's privacy allows.
 */
package agora.user.sections;
