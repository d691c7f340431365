package org.dmask.admin.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Secrets in target URIs and rule files are shown as ***, and a text holding *** is recognised (apply refuses it). */
class RedactTest {

    @Test
    void passwordsAndUserInfoReplaced() {
        assertEquals("dicom:PACS@h:104?tls=true&keyStorePassword=***&trustStore=/t.p12",
                Redact.uri("dicom:PACS@h:104?tls=true&keyStorePassword=s3cret&trustStore=/t.p12"));
        assertEquals("stow:https://***@pacs.example.org/dicomweb",
                Redact.uri("stow:https://alice:pw@pacs.example.org/dicomweb"));
        String rules = "targets:\n  a: dicom:A@h:1?keyStorePassword=x1&tls=true\n  b: archive:/data/b\n";
        String shown = Redact.uri(rules);
        assertEquals("targets:\n  a: dicom:A@h:1?keyStorePassword=***&tls=true\n  b: archive:/data/b\n", shown);
        assertTrue(Redact.holdsRedacted(shown));
        assertFalse(Redact.holdsRedacted(rules));
        assertEquals("archive:/data/b", Redact.uri("archive:/data/b"));
    }
}
