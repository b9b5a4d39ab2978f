package agora.platform.password;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The password policy at its own limits: a personal word of exactly four characters is looked for,
 * whether it is the display name or the part of the address before "@", and the largest configurable
 * maximum is allowed. Found by mutation testing: each limit could move by one unnoticed (the
 * existing case matched "Olaf" both as the name and as the address, so either check alone passed it).
 */
class PasswordPolicyLimitsTest {

    private static final PasswordViolation PERSONAL = new PasswordViolation(PasswordViolation.Kind.PERSONAL, Map.of());

    @Test
    void aDisplayNameOfFourCharactersIsLookedFor() {
        assertEquals(List.of(PERSONAL),
                PasswordPolicy.create().check("olaf-in-winter", List.of("o.h@example.com", "Olaf")));
    }

    @Test
    void anAddressWhosePartBeforeTheAtHasFourCharactersIsLookedForByThatPart() {
        assertEquals(List.of(PERSONAL),
                PasswordPolicy.create().check("olaf-in-winter", List.of("olaf@example.com", "Bo")));
    }

    @Test
    void theLargestConfigurableMaximumIsAllowedAndOneMoreIsNot() {
        PasswordPolicy largest = PasswordPolicy.create(PasswordPolicy.MAX_MAX_LENGTH);

        assertEquals(PasswordPolicy.MAX_MAX_LENGTH, largest.maxLength());
        String longest = "fjord kayak lantern ".repeat(52).substring(0, PasswordPolicy.MAX_MAX_LENGTH);
        assertEquals(List.of(), largest.check(longest, List.of()));
        assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.create(PasswordPolicy.MAX_MAX_LENGTH + 1));
    }

    @Test
    void theDefaultPolicyAllowsTwoHundredFiftySixCharacters() {
        PasswordPolicy policy = PasswordPolicy.create();

        assertEquals(PasswordPolicy.DEFAULT_MAX_LENGTH, policy.maxLength());
        assertEquals(List.of(), policy.check("fjord kayak lantern " + "\u00f8".repeat(236), List.of()));
    }
}
