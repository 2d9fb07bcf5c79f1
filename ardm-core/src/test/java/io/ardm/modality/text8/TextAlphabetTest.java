package io.ardm.modality.text8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextAlphabetTest {
    @Test
    void idsFollowThePapersNumbering() {
        assertArrayEquals(new byte[] {1, 2, 3, 27}, TextAlphabet.encode(" abz"));
        assertEquals(28, TextAlphabet.CLASSES);
        assertEquals(TextAlphabet.CLASSES, TextAlphabet.ABSORBING);
        assertEquals(29, TextAlphabet.INPUT_CLASSES);
        assertEquals(-1, TextAlphabet.idOf('A'));
        assertEquals(-1, TextAlphabet.idOf('\n'));
    }

    @Test
    void everySymbolRoundTrips() {
        String all = " abcdefghijklmnopqrstuvwxyz";
        byte[] ids = TextAlphabet.encode(all);
        for (int i = 0; i < ids.length; i++) assertEquals(i + 1, ids[i]);
        assertEquals(all, TextAlphabet.decode(ids));
        int[] wide = new int[ids.length];
        for (int i = 0; i < ids.length; i++) wide[i] = ids[i];
        assertEquals(all, TextAlphabet.decode(wide));
        assertArrayEquals(ids, TextAlphabet.encode(all.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void badCharacterIsNamedWithItsOffset() {
        var e = assertThrows(OutOfAlphabetException.class, () -> TextAlphabet.encode("caf\u00C9 x"));
        assertEquals("character '\u00C9' (U+00C9) at offset 3 is outside the text8 alphabet (a-z and space)", e.getMessage());
        assertEquals(0xC9, e.codePoint());
        assertEquals(3, e.offset());
    }

    @Test
    void badUtf8ByteReportsTheWholeCharacterAndItsByteOffset() {
        byte[] text = "ab \u00C9".getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(OutOfAlphabetException.class, () -> TextAlphabet.encode(text));
        assertEquals(0xC9, e.codePoint());
        assertEquals(3, e.offset());
        assertEquals("f: character '\\n' (U+000A) at offset 7 is outside the text8 alphabet (a-z and space)",
                new OutOfAlphabetException("f", '\n', 7).getMessage());
    }

    @Test
    void decodeShowsAbsorbedPositionsAndRejectsOtherIds() {
        assertEquals("a_b", TextAlphabet.decode(new int[] {2, TextAlphabet.ABSORBING, 3}));
        assertThrows(IllegalArgumentException.class, () -> TextAlphabet.decode(new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> TextAlphabet.decode(new byte[] {29}));
    }
}
