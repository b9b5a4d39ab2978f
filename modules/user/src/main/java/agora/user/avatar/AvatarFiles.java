package agora.user.avatar;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * The names of a member's current avatar files, as a profile read finds them beside the profile
 * ({@code user_avatars}), to be turned into URLs where the territory is known.
 *
 * @param large the 256-pixel file's name
 * @param small the 64-pixel file's name
 */
public record AvatarFiles(String large, String small) {
    /** Where the files are served for a member of a territory. */
    public AvatarUrls urls(TerritoryCode territory, UUID member) {
        String base = "/avatars/" + territory.value() + "/" + member + "/";
        return new AvatarUrls(base + large, base + small);
    }
}
