package io.ardm.modality.text8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Text8NormalizerTest {
    @Test
    void digitsAreSpelledOutOneByOne() {
        assertEquals("in one nine nine zero it cost two four seven",
                Text8Normalizer.normalize("In 1990 it cost 24/7."));
    }

    @Test
    void markupAndEntitiesAreStripped() {
        String html = "<p><b>Caf&eacute;</b> &amp; cr&#232;me br&ucirc;l&eacute;e, na&iuml;ve &AElig;sop&nbsp;<i>stra&szlig;e</i></p>";
        assertEquals("cafe creme brulee naive aesop strasse", Text8Normalizer.normalize(html));
    }

    @Test
    void proseThatLooksLikeMarkupIsKept() {
        assertEquals("if x y and y z then go", Text8Normalizer.normalize("if x < y and y > z then go"));
        assertEquals("a b c", Text8Normalizer.normalize("a & b; c"));
    }

    @Test
    void accentsFoldAndEverythingElseBecomesOneSpace() {
        assertEquals("facade naive don t stop", Text8Normalizer.normalize("  Fa\u00E7ade --\tna\u00EFve\n\"don't\" stop!  "));
        assertEquals("", Text8Normalizer.normalize(" \u2014 !? "));
        assertEquals("a b", Text8Normalizer.normalize("a\u4E2Db"));
    }

    @Test
    void spacesCollapseAcrossAppends() {
        Text8Normalizer normalizer = new Text8Normalizer();
        normalizer.append("end. ");
        normalizer.append("  Start");
        assertEquals("end start", normalizer.result());
    }
}
