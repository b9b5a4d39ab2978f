package agora.user.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.host.Contribution;
import agora.platform.host.Contributions;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A member's archive: {@code manifest.json}, then one folder per contributing service with that
 * service's files. Every contribution is asked before a byte is written, so a contributor that
 * fails (503) fails the export whole, never a silently shorter archive; one this process cannot
 * reach at all (declared on the module path, neither run here nor configured) is named in the
 * manifest's {@code unavailable}.
 */
final class MemberArchive {
    private final Contributions<MemberExportContribution> contributions;
    private final Clock clock;
    private final ObjectMapper mapper;

    MemberArchive(Contributions<MemberExportContribution> contributions, Clock clock, ObjectMapper mapper) {
        this.contributions = contributions;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** The zip, and whose parts it holds. */
    Built build(TerritoryCode territory, UUID member) {
        Instant generatedAt = clock.instant();
        List<Part> parts = new ArrayList<>();
        for (Contribution<MemberExportContribution> contribution : contributions.reachable()) {
            parts.add(new Part(contribution.service(), contribution.answers().export(territory, member)));
        }
        List<PartSummary> summaries = parts.stream().map(Part::summary).toList();
        Manifest manifest = new Manifest(member, territory.value(), generatedAt, summaries, contributions.unreachable());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            add(zip, "manifest.json", mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest), generatedAt);
            for (Part part : parts) {
                for (ExportEntry entry : part.part().entries()) {
                    add(zip, part.service() + "/" + entry.name(), entry.content(), generatedAt);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing an archive in memory", e);
        }
        return new Built(bytes.toByteArray(), parts.stream().map(Part::service).toList());
    }

    /**
     * An assembled archive.
     *
     * @param zip      its bytes
     * @param services the services whose parts it holds
     */
    record Built(byte[] zip, List<String> services) {
    }

    private static void add(ZipOutputStream zip, String name, byte[] content, Instant at) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(at.toEpochMilli());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private record Part(String service, ExportPart part) {
        PartSummary summary() {
            return new PartSummary(service, part.entries().stream()
                    .map(entry -> new FileSummary(service + "/" + entry.name(), entry.mediaType(), entry.content().length))
                    .toList());
        }
    }

    /**
     * {@code manifest.json}: whose archive, when, and what it holds.
     *
     * @param member      the account
     * @param territory   its territory
     * @param generatedAt when the archive was assembled
     * @param parts       each contributing service's files
     * @param unavailable services that hold data of members but that this process could not ask
     */
    record Manifest(UUID member, String territory, Instant generatedAt, List<PartSummary> parts,
                    List<String> unavailable) {
    }

    /** One service's files in the archive. */
    record PartSummary(String service, List<FileSummary> files) {
    }

    /** One file: its path in the zip, its media type and size. */
    record FileSummary(String path, String mediaType, long bytes) {
    }
}
