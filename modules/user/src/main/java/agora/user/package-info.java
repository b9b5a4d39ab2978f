/** The user service: {@link agora.user.UserService}. */
package agora.user;
