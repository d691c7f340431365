package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The worked examples of PS3.5 Annexes H, I and J, byte for byte, in both directions. */
class SpecificCharacterSetTest {

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void japaneseKanjiAndHiraganaWithIso2022Ir87() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("", "ISO 2022 IR 87");
        String name = "Yamada^Tarou=山田^太郎=やまだ^たろう";
        byte[] expected = bytes("Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B="
                + "\u001b$B$d$^$@\u001b(B^\u001b$B$?$m$&\u001b(B");
        assertArrayEquals(expected, cs.encode(name, StringValueType.PERSON_NAME));
        assertEquals(name, cs.decode(expected, StringValueType.PERSON_NAME)[0]);
    }

    @Test
    void japaneseKatakanaWithIso2022Ir13AndIr87() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO 2022 IR 13", "ISO 2022 IR 87");
        byte[] raw = bytes("\u00d4\u00cf\u00c0\u00de^\u00c0\u00db\u00b3=\u001b$B;3ED\u001b(J^\u001b$BB@O:\u001b(J="
                + "\u001b$B$d$^$@\u001b(J^\u001b$B$?$m$&\u001b(J");
        assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", cs.decode(raw, StringValueType.PERSON_NAME)[0]);
    }

    @Test
    void koreanWithIso2022Ir149() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("", "ISO 2022 IR 149");
        String name = "Hong^Gildong=洪^吉洞=홍^길동";
        byte[] expected = bytes("Hong^Gildong=\u001b$)C\u00fb\u00f3^\u001b$)C\u00d1\u00ce\u00d4\u00d7="
                + "\u001b$)C\u00c8\u00ab^\u001b$)C\u00b1\u00e6\u00b5\u00bf");
        assertArrayEquals(expected, cs.encode(name, StringValueType.PERSON_NAME));
        assertEquals(name, cs.decode(expected, StringValueType.PERSON_NAME)[0]);
    }

    @Test
    void chineseGb18030AndUtf8() {
        String name = "Wang^XiaoDong=王^小东=";
        for (String term : new String[] {"GB18030", "ISO_IR 192", "GBK"}) {
            SpecificCharacterSet cs = SpecificCharacterSet.valueOf(term);
            byte[] encoded = cs.encode(name, StringValueType.PERSON_NAME);
            assertEquals(name, cs.decode(encoded, StringValueType.PERSON_NAME)[0], term);
        }
    }

    @Test
    void chineseGb2312WithIso2022Ir58() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("", "ISO 2022 IR 58");
        String name = "Zhang^XiaoDong=张^小东=";
        byte[] encoded = cs.encode(name, StringValueType.PERSON_NAME);
        assertEquals(name, cs.decode(encoded, StringValueType.PERSON_NAME)[0]);
        assertEquals("Zhang^XiaoDong=\u001b$)A", new String(encoded, 0, 19, StandardCharsets.ISO_8859_1));
    }

    @Test
    void singleByteSetsAndValueSplitting() {
        SpecificCharacterSet cyrillic = SpecificCharacterSet.valueOf("ISO_IR 144");
        assertArrayEquals(new String[] {"Люкceмбypг", "Иван"},
                cyrillic.decode(cyrillic.encode("Люкceмбypг\\Иван ", StringValueType.STRING), StringValueType.STRING));
        // LT is a single value: a backslash is a character there.
        assertArrayEquals(new String[] {"a\\b"}, SpecificCharacterSet.DEFAULT.decode(bytes("a\\b "), StringValueType.TEXT));
    }

    @Test
    void nonStandardSpellingsAreReadLeniently() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO_2022_IR_6", "ISO_2022_IR_100");
        assertEquals("Müller", cs.decode(bytes("M\u001b-A\u00fcller"), StringValueType.PERSON_NAME)[0]);
    }
}
