package agora.user;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.web.Json;
import agora.user.avatar.Avatars;
import agora.user.follow.Relations;
import agora.user.profile.OwnProfileView;
import agora.user.profile.Profiles;
import agora.user.sections.Gathered;

/**
 * The user service's share of a member's export: the profile with its privacy settings, as
 * {@code GET /api/users/me} shows it to the member ({@code profile.json}), and their follows,
 * follow requests and blocks ({@code relations.json}), and their avatar's files as stored
 * ({@code avatar/<name>.jpg}).
 */
final class UserExport implements MemberExportContribution {
    private final Profiles profiles;
    private final Relations relations;
    private final Avatars avatars;
    private final Json json;

    UserExport(Profiles profiles, Relations relations, Avatars avatars, Json json) {
        this.profiles = profiles;
        this.relations = relations;
        this.avatars = avatars;
        this.json = json;
    }

    @Override
    public ExportPart export(TerritoryCode territory, UUID member) {
        List<ExportEntry> entries = new ArrayList<>(List.of(
                ExportEntry.json("profile.json", json.bytes(OwnProfileView.of(territory, profiles.own(territory, member),
                        Gathered.NONE))),
                ExportEntry.json("relations.json", json.bytes(relations.of(territory, member)))));
        avatars.files(territory, member).forEach((name, bytes) ->
                entries.add(new ExportEntry("avatar/" + name, "image/jpeg", bytes)));
        return new ExportPart(entries);
    }
}
