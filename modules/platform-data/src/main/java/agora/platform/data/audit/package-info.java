/**
 * The audit trail: security- and moderation-relevant actions recorded in one shape (who, what,
 * target, when, from where) in the acting service's own table, in the same transaction as the
 * action, for territory admins to query.
 */
package agora.platform.data.audit;
