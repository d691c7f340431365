package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.route.GatewayHarness;
import org.dmask.route.Preparer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with two Orthancs: a study with a video and an image is stored from the first Orthanc (C-STORE,
 * /modalities/dmask/store) through dmask to the second, over DIMSE and over STOW-RS (its DICOMweb plugin). Without a
 * masker the video goes to dead letters; the image arrives de-identified, under new UIDs, with none of the original
 * identifying values in what the second Orthanc stored.
 */
class RouteOrthancTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    record Orthanc(Process process, int http, int dicom) {
    }

    private Orthanc orthanc(String name, Map<String, Object> extra) throws Exception {
        Path bin = Peers.require("Orthanc", "orthanc");
        int http = DimseTestSupport.freePort();
        int dicom = DimseTestSupport.freePort();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("Name", name);
        cfg.put("StorageDirectory", tmp.resolve(name + "-db").toString());
        cfg.put("IndexDirectory", tmp.resolve(name + "-db").toString());
        cfg.put("HttpPort", http);
        cfg.put("DicomPort", dicom);
        cfg.put("DicomAet", name);
        cfg.put("RemoteAccessAllowed", false);
        cfg.put("AuthenticationEnabled", false);
        cfg.put("UnknownSopClassAccepted", true);
        cfg.put("Plugins", List.of());
        cfg.putAll(extra);
        Path f = tmp.resolve(name + ".json");
        JSON.writeValue(f.toFile(), cfg);
        Process p = new ProcessBuilder(bin.toString(), f.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile()).start();
        Orthanc o = new Orthanc(p, http, dicom);
        RouteTestSupport.await(Duration.ofSeconds(30), name + " to start", () -> {
            try {
                return p.isAlive() && get(o, "/system").has("Version");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        return o;
    }

    static JsonNode get(Orthanc o, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + o.http() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + " -> " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    static byte[] post(Orthanc o, String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + o.http() + path))
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("POST " + path + " -> " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body();
    }

    static void stop(Orthanc o) throws InterruptedException {
        if (o != null) {
            RouteTestSupport.stop(o.process());
        }
    }

    @Test
    void studyFromOneOrthancThroughDmaskToAnother() throws Exception {
        Path plugins = Peers.requireFile(Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so"),
                "orthanc-dicomweb");
        Orthanc b = null;
        Orthanc a = null;
        Path work = tmp.resolve("gw");
        try {
            b = orthanc("ORTHANCB", Map.of("Plugins", List.of(plugins.toString()),
                    "DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/")));
            Path rules = tmp.resolve("rules.yaml");
            Files.writeString(rules, """
                    mode: fan-out
                    targets:
                      b-dimse: dicom:ORTHANCB@127.0.0.1:%d
                      b-stow: stow:http://127.0.0.1:%d/dicom-web/studies
                    rules:
                      - name: images-over-dimse
                        match:
                          sop-class: {regex: "1\\\\.2\\\\.840\\\\.10008\\\\.5\\\\.1\\\\.4\\\\.1\\\\.1\\\\.2"}
                        deid: basic
                        mask: full
                        targets: [b-dimse]
                      - name: everything-over-stow
                        deid: basic
                        mask: full
                        targets: [b-stow]
                    """.formatted(b.dicom(), b.http()));
            try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules,
                    "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool")), work.resolve("audit.jsonl"),
                    null)) {
                a = orthanc("ORTHANCA", Map.of("DicomModalities", Map.of("dmask",
                        List.of("DMASK", "127.0.0.1", h.gateway.scp().port()))));
                Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
                Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
                List<String> ids = new ArrayList<>();
                for (Path f : List.of(ct, video)) {
                    ids.add(JSON.readTree(post(a, "/instances", Files.readAllBytes(f))).get("ID").asText());
                }
                post(a, "/modalities/dmask/store", JSON.writeValueAsBytes(Map.of("Resources", ids)));
                RouteTestSupport.await(Duration.ofSeconds(60), "all jobs finished",
                        () -> h.gateway.store().pending() == 0);

                // B holds the image once (DIMSE and STOW-RS deliver the same pseudonymous instance), no video.
                JsonNode instances = get(b, "/instances?expand");
                assertEquals(1, instances.size(), instances.toString());
                List<Path> reasons = RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".reason.txt");
                assertEquals(1, reasons.size(), "the video, once, over STOW-RS");
                assertTrue(Files.readString(reasons.get(0)).startsWith("reason: " + Preparer.NO_MASKER));

                Attributes original = RouteTestSupport.read(ct);
                Path stored = tmp.resolve("from-b.dcm");
                Files.write(stored, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.http()
                        + "/instances/" + instances.get(0).get("ID").asText() + "/file")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body());
                Attributes got = RouteTestSupport.read(stored);
                assertEquals("YES", got.getString(Tag.PatientIdentityRemoved));
                for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID}) {
                    assertNotEquals(original.getString(tag), got.getString(tag));
                    assertTrue(got.getString(tag).startsWith("2.25."), "new UID " + got.getString(tag));
                }
                String bytes = new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1);
                for (int tag : new int[] {Tag.PatientName, Tag.PatientID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID,
                        Tag.SOPInstanceUID, Tag.InstitutionName, Tag.ReferringPhysicianName, Tag.AccessionNumber}) {
                    String v = original.getString(tag);
                    if (v != null && v.strip().length() > 2) {
                        assertFalse(bytes.contains(v.strip()), "original " + Integer.toHexString(tag) + " at Orthanc B");
                    }
                }
            }
        } finally {
            stop(a);
            stop(b);
        }
    }
}
