package agora.user.sections;

import java.util.List;

/**
 * What a profile read gathered from the contributors.
 *
 * @param sections    the sections the viewer may see, by service, then as each service ordered them
 * @param unavailable the services whose sections are missing from this read (failed, late, or not
 *                    reachable from this process), sorted
 */
public record Gathered(List<SectionView> sections, List<String> unavailable) {
    /** Nothing gathered: no contributor exists, or none was asked (the member's export). */
    public static final Gathered NONE = new Gathered(List.of(), List.of());
}
