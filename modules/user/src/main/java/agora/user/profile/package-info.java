/** Profiles: made from auth's registrations and directory, read as privacy allows, edited by their member. */
package agora.user.profile;
