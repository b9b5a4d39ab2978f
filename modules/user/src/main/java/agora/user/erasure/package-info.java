/** What the user service erases when auth deletes an account. */
package agora.user.erasure;
