package agora.territory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;

/**
 * The body of {@code POST /operator/territories}, as sent.
 *
 * @param code     ISO 3166-1 alpha-2 code (required)
 * @param name     display name, 1 to 100 characters (required)
 * @param language main language, ISO 639-1; defaults by country (da, nb, sv, fi, is; else en)
 * @param hosts    host names that select the territory (optional, at most 10)
 */
record CreateTerritory(String code, String name, String language, List<String> hosts) {
    static final int MAX_NAME = 100;
    static final int MAX_HOSTS = 10;

    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Map<String, String> DEFAULT_LANGUAGE = Map.of(
            "DK", "da", "NO", "nb", "SE", "sv", "FI", "fi", "IS", "is", "FO", "fo", "GL", "kl");

    /**
     * Checks every field and returns the territory to create.
     *
     * @return the validated request
     * @throws agora.platform.core.problem.ProblemException 422 listing every invalid field
     */
    NewTerritory validate() {
        Validation validation = new Validation();
        Optional<TerritoryCode> territory = Optional.empty();
        if (code == null || code.isBlank()) {
            validation.add(FieldError.body("/code", "required", TerritoryMessages.MESSAGES.text("code.required")));
        } else {
            territory = TerritoryCode.parse(code.trim());
            validation.check(territory.isPresent(), FieldError.body("/code", "not-iso-3166-alpha-2",
                    TerritoryMessages.MESSAGES.text("code.invalid", code.length() > 12 ? code.substring(0, 12) : code)));
        }
        String trimmedName = name == null ? "" : name.strip();
        validation.check(!trimmedName.isEmpty(), FieldError.body("/name", "required",
                TerritoryMessages.MESSAGES.text("name.required")));
        validation.check(trimmedName.length() <= MAX_NAME && trimmedName.chars().noneMatch(Character::isISOControl),
                FieldError.body("/name", "invalid", TerritoryMessages.MESSAGES.text("name.invalid", MAX_NAME)));
        String chosenLanguage = language == null
                ? territory.map(t -> DEFAULT_LANGUAGE.getOrDefault(t.value(), "en")).orElse("en")
                : language.trim().toLowerCase(Locale.ROOT);
        validation.check(LANGUAGES.contains(chosenLanguage), FieldError.body("/language", "unknown-language",
                TerritoryMessages.MESSAGES.text("language.invalid")));
        Set<String> hostNames = new LinkedHashSet<>();
        List<String> given = hosts == null ? List.of() : hosts;
        validation.check(given.size() <= MAX_HOSTS, FieldError.body("/hosts", "too-many",
                TerritoryMessages.MESSAGES.text("hosts.too-many", MAX_HOSTS)));
        for (int i = 0; i < given.size() && i < MAX_HOSTS; i++) {
            String host = given.get(i) == null ? "" : given.get(i).trim().toLowerCase(Locale.ROOT);
            if (HOST.matcher(host).matches()) {
                hostNames.add(host);
            } else {
                validation.add(FieldError.body("/hosts/" + i, "invalid-host",
                        TerritoryMessages.MESSAGES.text("host.invalid")));
            }
        }
        validation.throwIfInvalid();
        return new NewTerritory(territory.orElseThrow(), trimmedName, chosenLanguage, new ArrayList<>(hostNames));
    }
}
