package agora.pod;

import java.util.List;
import java.util.UUID;

import agora.platform.contract.Catalog;
import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportPart;

/**
 * A contribution interface of the tests' own ({@link ContributionsTest}): alpha and beta answer it,
 * gamma declares it but runs nowhere.
 */
public interface Parts {

    /**
     * One contributor's part.
     *
     * @param territory the territory
     * @param member    the member
     * @return the part
     */
    ExportPart part(TerritoryCode territory, UUID member);

    /** Alpha's catalog: it contributes {@link Parts}. */
    final class AlphaCatalog implements Catalog {
        @Override
        public String service() {
            return "alpha";
        }

        @Override
        public List<Class<?>> contributions() {
            return List.of(Parts.class);
        }
    }

    /** Beta's catalog: it contributes {@link Parts}. */
    final class BetaCatalog implements Catalog {
        @Override
        public String service() {
            return "beta";
        }

        @Override
        public List<Class<?>> contributions() {
            return List.of(Parts.class);
        }
    }

    /** Gamma's catalog: it contributes {@link Parts}, but no test runs gamma. */
    final class GammaCatalog implements Catalog {
        @Override
        public String service() {
            return "gamma";
        }

        @Override
        public List<Class<?>> contributions() {
            return List.of(Parts.class);
        }
    }
}
