package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTests {

    @Test
    void escapesEverythingButPrintableAscii() {
        assertThat(Excerpt.quote("a'b\\c\n\r\t\u0000\u00e9\u202e")).isEqualTo("'a\\'b\\\\c\\n\\r\\t\\x00\\xe9\\u202e'");
    }

    @Test
    void cutsLongText() {
        assertThat(Excerpt.quote("x".repeat(61))).isEqualTo("'" + "x".repeat(60) + "...'");
        assertThat(Excerpt.quote("x".repeat(60))).isEqualTo("'" + "x".repeat(60) + "'");
        assertThat(Excerpt.quote("abcdef", 3)).isEqualTo("'abc...'");
    }
}
