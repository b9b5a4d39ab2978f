package agora.user.avatar;

/**
 * Where a member's current avatar is served, for a profile to show: paths on the pod's public
 * listener that name the territory, so an {@code <img>} needs no header to reach the right one.
 *
 * @param large the 256-pixel square ({@code /avatars/JP/<member>/<hash>-256.jpg})
 * @param small the 64-pixel square
 */
public record AvatarUrls(String large, String small) {
}
