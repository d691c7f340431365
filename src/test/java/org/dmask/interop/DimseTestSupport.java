package org.dmask.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.VR;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.Peers;

/** Shared pieces of the DIMSE interop tests: the corpus as instances, DCMTK association config files, free ports. */
final class DimseTestSupport {

    private DimseTestSupport() {
    }

    /** Every corpus file that is a storage object with a meta group (DICOMDIR is a directory, not an instance). */
    static List<StoreScu.Instance> corpus() throws IOException {
        Path dir = Peers.shared("dicom-corpus/dev");
        List<StoreScu.Instance> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (f.getFileName().toString().contains("DICOMDIR")) {
                    continue;
                }
                StoreScu.Instance i;
                try {
                    i = StoreScu.probe(f);
                } catch (IOException e) {
                    continue; // not a storable instance (no SOP class/instance UID)
                }
                if (i.datasetOffset() >= 0) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /**
     * What DCMTK 3.6.7 can send: it does not know the HTJ2K and JPEG XL transfer syntaxes (added in later versions),
     * nor Deflated Image Frame Compression; and storescu needs SOP class and instance UIDs as UI in the data set
     * itself (pydicom's explicit_VR-UN has them as UN, priv_SQ has them only in its meta group).
     */
    static boolean dcmtkCanSend(StoreScu.Instance i) {
        String ts = i.ts().uid();
        if (ts.startsWith("1.2.840.10008.1.2.4.20") || ts.startsWith("1.2.840.10008.1.2.4.11")
                || ts.equals("1.2.840.10008.1.2.8.1")) {
            return false;
        }
        try (DicomInputStream in = new DicomInputStream(i.file())) {
            Attributes ds = in.readDataset();
            try {
                return ds.getVR(Tag.SOPClassUID) == VR.UI && ds.getVR(Tag.SOPInstanceUID) == VR.UI
                        && i.iuid().equals(ds.getString(Tag.SOPInstanceUID));
            } finally {
                ds.disposeBulkData(); // a deflated file's pixel data is spooled to a temp file
            }
        } catch (IOException e) {
            return false;
        }
    }

    static List<StoreScu.Instance> dcmtkCorpus() throws IOException {
        return corpus().stream().filter(DimseTestSupport::dcmtkCanSend).toList();
    }

    /**
     * A DCMTK association configuration file (storescu/storescp {@code -xf FILE Default}) with one presentation
     * context per SOP class, each offering every given transfer syntax.
     */
    static Path dcmtkConfig(Path file, Set<String> sopClasses, Set<String> transferSyntaxes, boolean perPair,
            List<StoreScu.Instance> pairs) throws IOException {
        StringBuilder sb = new StringBuilder("[[TransferSyntaxes]]\n");
        Map<String, String> tsKeys = new LinkedHashMap<>();
        if (perPair) {
            int k = 0;
            for (String ts : new LinkedHashSet<>(pairs.stream().map(i -> i.ts().uid()).toList())) {
                String key = "TS" + (k++);
                tsKeys.put(ts, key);
                sb.append('[').append(key).append("]\nTransferSyntax1 = ").append(ts).append('\n');
            }
        } else {
            sb.append("[All]\n");
            int k = 1;
            for (String ts : transferSyntaxes) {
                sb.append("TransferSyntax").append(k++).append(" = ").append(ts).append('\n');
            }
        }
        sb.append("\n[[PresentationContexts]]\n[Contexts]\n");
        int n = 1;
        if (perPair) {
            for (String pair : new LinkedHashSet<>(pairs.stream().map(i -> i.cuid() + "\\" + tsKeys.get(i.ts().uid()))
                    .toList())) {
                sb.append("PresentationContext").append(n++).append(" = ").append(pair).append('\n');
            }
        } else {
            for (String cuid : sopClasses) {
                sb.append("PresentationContext").append(n++).append(" = ").append(cuid).append("\\All\n");
            }
        }
        sb.append("\n[[Profiles]]\n[Default]\nPresentationContexts = Contexts\n");
        Files.writeString(file, sb.toString());
        return file;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
