package org.dmask.route.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule file's errors, each on its own: the line, the rule and the field, in one message an operator can act on. */
class RuleParserTest {

    private static final RuleParser PARSER = new RuleParser(Set.of("basic", "research"));

    private static final String GOOD = """
            mode: first-match
            targets:
              pacs: dicom:PACS@10.0.0.5:104
              research: stow:https://research.example.org/dicomweb/studies
            rules:
              - name: eye-videos
                priority: 10
                match:
                  modality: XC
                deid: research
                mask: face
                targets: [research]
              - name: everything
                deid: basic
                targets: [pacs]
            """;

    @Test
    void aGoodFileParses() {
        RuleSet set = PARSER.parse("rules.yaml", GOOD);
        assertEquals(2, set.rules().size());
        assertEquals("eye-videos", set.rules().get(0).name());
    }

    /** Each case changes one line of the good file; the error names that line, the rule and the field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mode: first-match|mode: sometimes|1|field 'mode': 'sometimes' (expected first-match or fan-out)",
        "  pacs: dicom:PACS@10.0.0.5:104|  pacs: ftp://pacs|3|field 'targets.pacs'",
        "    priority: 10|    priority: high|7|rule 'eye-videos': field 'priority': 'high' is not an integer",
        "    deid: research|    deid: secret|10|rule 'eye-videos': field 'deid': unknown profile 'secret'",
        "    mask: face|    mask: blur|11|rule 'eye-videos': field 'mask': 'blur' (expected off, full or face)",
        "    targets: [research]|    targets: [nowhere]|12|rule 'eye-videos': field 'targets': unknown target 'nowhere'",
        "  - name: everything|  - name: eye-videos|13|field 'name': rule 'eye-videos' defined twice",
        "    deid: basic|    colour: blue|14|rule 'everything': field 'colour'",
    })
    void eachErrorNamesItsLineRuleAndField(String line, String replacement, int expectedLine, String expected) {
        assertTrue(GOOD.contains(line + "\n"), "the case edits a line of the good file: " + line);
        RuleException e = assertThrows(RuleException.class,
                () -> PARSER.parse("rules.yaml", GOOD.replace(line + "\n", replacement + "\n")));
        assertEquals(expectedLine, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rules.yaml:" + expectedLine + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void wholeFileErrorsHaveNoLine() {
        assertEquals(0, assertThrows(RuleException.class, () -> PARSER.parse("rules.yaml", "")).line());
        RuleException noRules = assertThrows(RuleException.class, () -> PARSER.parse("rules.yaml", "targets: {}\n"));
        assertEquals("rules.yaml: no 'rules'", noRules.getMessage());
        RuleException yaml = assertThrows(RuleException.class,
                () -> PARSER.parse("rules.yaml", "targets:\n  a: [b\nrules: []\n"));
        assertTrue(yaml.line() > 0 && yaml.getMessage().contains("not valid YAML"), yaml.getMessage());
    }

    @Test
    void aRuleMustSayWhetherToDeidentify() {
        RuleException e = assertThrows(RuleException.class,
                () -> PARSER.parse("rules.yaml", GOOD.replace("    deid: basic\n", "")));
        assertTrue(e.getMessage().contains("rule 'everything': field 'deid': missing"), e.getMessage());
    }
}
