package dev.rollcall.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentCardsTest {

    @Test
    void theSchemesTestNumbers_writtenAsPeopleWriteThem_areCards() {
        for (String card : new String[] {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111",
                "5555555555554444", "2223003122003222", "378282246310005", "6011111111111117",
                "3530111333300000", "30569309025904", "6200000000000005", "4222222222222"}) {
            assertTrue(PaymentCards.looksLikeCardNumber(card), card);
        }
    }

    @Test
    void otherValues_areNot() {
        for (String value : new String[] {"4111111111111112" /* fails Luhn */, "1234567812345670" /* no scheme */,
                "000451", "411111111111", "41111111111111111111" /* 20 digits */, "4111 1111 1111 111a",
                "+44 20 7946 0958", "2026-03-15", "", "HR-4111111111111111"}) {
            assertFalse(PaymentCards.looksLikeCardNumber(value), value);
        }
        assertFalse(PaymentCards.looksLikeCardNumber(null));
    }
}
