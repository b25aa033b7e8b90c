package dev.rollcall.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every example of seed 003's "Advanced Capabilities", and the edges around them. */
class UsernamesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "%l%f|DoeJohn",
            "%l%1f|DoeJ",
            "%-l%+f|doeJOHN",
            "%-f_%-l|john_doe",
            "%%|%",
            "%-1f%-l|jdoe",
            "%~l, %~f|Doe, John",
            "100%|100%",
            "%x%|%x%",
            "%%l|%l",
            "%+2l|DO",
    })
    void seed003_codes_forJohnDoe(String template, String expected) {
        assertEquals(expected, Usernames.expand(template, "John", "Doe", null));
    }

    @Test
    void seed003_usernameCode_inAUrl() {
        assertEquals("http://www.example.com/~jdoe/", Usernames.expand("http://www.example.com/~%u/", "John", "Doe", "jdoe"));
        String generated = Usernames.cleanGenerated(Usernames.expand("%-1f%-l", "John", "Doe", null), false);
        assertEquals("http://www.example.com/~jdoe/", Usernames.expand("http://www.example.com/~%u/", "John", "Doe", generated));
    }

    @Test
    void seed003_extendedCharacters_johnJrDoe() {
        String expanded = Usernames.expand("%-f_%-l", "John Jr.", "Doe", null);
        assertEquals("john jr._doe", Usernames.cleanGenerated(expanded, true));
        assertEquals("johnjr.doe", Usernames.cleanGenerated(expanded, false));
    }

    @Test
    void truncation_acceptsMoreThanOneDigit() {
        assertEquals("Abcdefghijkl", Usernames.expand("%12l", null, "Abcdefghijklmnop", null));
        assertEquals("abcdefghij", Usernames.expand("%-10l", null, "ABCDEFGHIJKLMNOP", null));
    }

    @Test
    void caseChanges_followUnicode() {
        assertEquals("STRASSE", Usernames.expand("%+l", null, "Straße", null));
        assertEquals("élodie", Usernames.expand("%-f", "ÉLODIE", null, null));
        assertEquals("Élodie", Usernames.expand("%~f", "éLODIE", null, null));
        assertEquals("Jean-Luc O'Neil", Usernames.expand("%~f %~l", "jean-luc", "o'NEIL", null));
    }

    @Test
    void truncation_neverSplitsACharacter() {
        assertEquals("\uD835\uDC9C", Usernames.expand("%1f", "\uD835\uDC9Cbc", null, null));
        assertEquals("Zo", Usernames.expand("%2f", "Zoë", null, null));
    }

    @Test
    void missingName_expandsToNothing() {
        assertEquals("doe", Usernames.expand("%-1f%-l", null, "Doe", null));
    }

    @Test
    void generated_foldsAccentsInsteadOfDroppingLetters() {
        assertEquals("zmuller", Usernames.cleanGenerated(Usernames.expand("%-1f%-l", "Zoë", "Müller", null), false));
        assertEquals("zmüller", Usernames.cleanGenerated(Usernames.expand("%-1f%-l", "Zoë", "Müller", null), true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"JDoe!,jdoe", "José,jose", "a.b-c_d@x,a.b-c_d@x", "'  Anna Smith ',annasmith", "Ünïcödé,unicode"})
    void standardise_lowerCasesAndStripsIllegalCharacters(String in, String out) {
        assertEquals(out, Usernames.standardise(in));
    }

    @ParameterizedTest(name = "{0} #{1} = {2}")
    @CsvSource({"jdoe,1,jdoe2", "jdoe,2,jdoe3", "student1,1,student2", "abc007,1,abc008", "abc099,1,abc100",
            "abc999,1,abc1000", "007,1,008"})
    void counters_appendOrIncrementKeepingPadding(String base, int n, String expected) {
        assertEquals(expected, Usernames.candidate(base, n));
    }
}
