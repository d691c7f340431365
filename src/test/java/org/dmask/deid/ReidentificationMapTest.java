package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The re-identification map: pairs readable with the key only, nothing in clear in the file. */
class ReidentificationMapTest {

    @Test
    void pairsAreEncryptedAndFoundWithTheKeyOnly(@TempDir Path tmp) throws IOException {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        Path file = tmp.resolve("reid.map");
        ReidentificationMap map = new ReidentificationMap(file, key);
        Deidentifier deid = new Deidentifier(Profile.basic(), new Pseudonymizer(Corpus.TEST_KEY), null, map,
                -3650, -365);
        Attributes ds;
        try (DicomInputStream in = new DicomInputStream(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"))) {
            in.readFileMetaInformation();
            ds = in.readDataset();
        }
        String originalId = ds.getString(Tag.PatientID);
        String originalUid = ds.getString(Tag.SOPInstanceUID);
        deid.deidentify(ds);

        String stored = Files.readString(file, StandardCharsets.US_ASCII);
        assertFalse(stored.contains(originalId), "patient ID in clear");
        assertFalse(stored.contains(originalUid), "UID in clear");

        List<ReidentificationMap.Pair> id = map.lookup(ds.getString(Tag.PatientID));
        assertEquals(List.of(new ReidentificationMap.Pair("patient-id", originalId, ds.getString(Tag.PatientID))), id);
        assertEquals(originalUid, map.lookup(ds.getString(Tag.SOPInstanceUID)).get(0).original());

        byte[] other = key.clone();
        other[0] ^= 1;
        IOException e = assertThrows(IOException.class,
                () -> new ReidentificationMap(file, other).lookup(ds.getString(Tag.PatientID)));
        assertTrue(e.getMessage().contains("cannot be decrypted"), e.getMessage());
    }
}
