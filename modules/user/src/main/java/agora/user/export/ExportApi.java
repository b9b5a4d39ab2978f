package agora.user.export;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import agora.platform.contract.export.MemberExportContribution;
import agora.platform.data.Database;
import agora.platform.data.audit.AuditLog;
import agora.platform.host.Mount;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/users/me/export}: the signed-in member's archive, built while they wait. It
 * admits restricted sessions: a suspended member keeps the right to a copy of their data (GDPR
 * art. 15), and reading one's own data changes nothing the suspension protects. Each download is
 * in the user service's audit trail ({@code user.export.downloaded}).
 */
public final class ExportApi {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Guards guards;
    private final MemberArchive archive;
    private final ExportGate gate;
    private final Clock clock;
    private final Database database;
    private final AuditLog audit;

    private ExportApi(Guards guards, MemberArchive archive, ExportGate gate, Clock clock, Database database,
                      AuditLog audit) {
        this.guards = guards;
        this.archive = archive;
        this.gate = gate;
        this.clock = clock;
        this.database = database;
        this.audit = audit;
    }

    /**
     * The export as the user service mounts it: its route, its problems, its settings
     * ({@code agora.user.export}), and every service's contribution.
     *
     * @param mount the user service's mount
     */
    public static void mount(Mount mount) {
        ExportApi api = new ExportApi(mount.security().guards(),
                new MemberArchive(mount.contributions(MemberExportContribution.class), mount.clock(), mount.json().mapper()),
                new ExportGate(mount.state().rateLimiter("user-export"), ExportSettings.from(mount.config().get("export"))),
                mount.clock(), mount.database(), mount.auditLog());
        mount.routes(api::routes);
        mount.problems(ExportProblems.ALL);
    }

    private void routes(Routes routes) {
        routes.get("/api/users/me/export", guards.allowingRestricted(this::export));
    }

    private void export(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        try (ExportGate.Pass pass = gate.enter(principal.territory(), principal.userId())) {
            MemberArchive.Built built = archive.build(principal.territory(), principal.userId());
            // Who took a copy of whose data, when and from where; which services' parts it held.
            database.runInTerritory(principal.territory(), db -> audit.record(db, Optional.of(principal.userId()),
                    "user.export.downloaded", Optional.of(principal.userId().toString()),
                    Map.of("parts", String.join(",", built.services()), "bytes", Integer.toString(built.zip().length))));
            String file = "agora-export-" + principal.territory().value().toLowerCase(Locale.ROOT) + "-"
                    + DAY.format(clock.instant()) + ".zip";
            response.status(Status.OK_200);
            response.header(HeaderNames.CONTENT_TYPE, "application/zip");
            response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
            response.header(HeaderNames.CACHE_CONTROL, "no-store");
            response.send(built.zip());
            pass.delivered();
        }
    }
}
