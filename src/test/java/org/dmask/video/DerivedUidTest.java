package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.dicom.UID;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** A re-encoded object's UID follows from its source, so a redelivery of the same work is the same instance. */
@SlowTest
class DerivedUidTest {

    @Test
    void sameSourceSameUidOtherSourceOtherUid() {
        String a = VideoEncapsulator.derivedUid("2.25.1234", UID.MPEG4HP41);
        assertEquals(a, VideoEncapsulator.derivedUid("2.25.1234", UID.MPEG4HP41));
        assertNotEquals(a, VideoEncapsulator.derivedUid("2.25.1235", UID.MPEG4HP41));
        assertNotEquals(a, VideoEncapsulator.derivedUid("2.25.1234", UID.MPEG4HP41BD));
        assertNotEquals("2.25.1234", a);
        assertTrue(a.matches("2\\.25\\.[1-9][0-9]*") && a.length() <= 64, a);
    }
}
