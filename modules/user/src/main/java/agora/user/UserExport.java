package agora.user;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.web.Json;

/**
 * The user service's share of a member's export: for now the member as {@code /api/users/me} shows
 * them; the profile, privacy, follows, blocks and avatars join here as files of their own.
 */
final class UserExport implements MemberExportContribution {
    private final Json json;

    UserExport(Json json) {
        this.json = json;
    }

    @Override
    public ExportPart export(TerritoryCode territory, UUID member) {
        return ExportPart.of(ExportEntry.json("me.json", json.bytes(new UserApi.UserView(member.toString(),
                territory.value()))));
    }
}
