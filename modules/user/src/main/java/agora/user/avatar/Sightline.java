package agora.user.avatar;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;

import io.helidon.webserver.http.ServerRequest;

/**
 * Whether the caller of a request may see a member's profile, as the profile's privacy settings and
 * blocks decide: a member's avatar is shown only where their profile is, and a hidden one answers
 * as a missing one. The user service answers it from its profiles.
 */
@FunctionalInterface
public interface Sightline {
    /**
     * @param request   the request (its principal, if any, is the viewer)
     * @param territory the request's territory
     * @param member    whose avatar is asked for
     * @return whether the viewer may see the member's profile
     */
    boolean sees(ServerRequest request, TerritoryCode territory, UUID member);
}
