package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.bench.DeidComparison;
import org.dmask.bench.DeidComparison.Act;
import org.dmask.bench.DeidComparison.Elem;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Tag;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dmask's Basic Profile against PixelMed's ClinicalTrialsAttributes on the dev corpus (the in-process half of
 * {@code tools/bench/deid-compare.sh}; Orthanc is compared only there). Not equality, but two privacy invariants:
 *
 * <ol>
 * <li>every element that PixelMed removes, empties or replaces, and that PS3.15 Table E.1-1 lists with a Basic action
 * other than K, is removed, emptied or replaced by dmask too: dmask is never less private than PixelMed on a listed
 * attribute (sequences themselves are judged through their elements, since dmask keeps a D or U sequence of
 * references and de-identifies its items);</li>
 * <li>no element of dmask's output holds the original value of an element that PixelMed changed (listed K excepted),
 * unless the table keeps the attribute that holds it in dmask's output or PixelMed kept that same value at that same
 * place; such exceptions are printed.</li>
 * </ol>
 *
 * A negative control (a profile that keeps Patient Name and Referring Physician's Name) must be caught.
 */
@PeerTest
class DeidComparisonTest {

    private static final Path PIXELMED = Paths.get("/usr/share/java/pixelmed.jar");

    @TempDir
    Path tmp;

    @Test
    void dmaskIsNeverLessPrivateThanPixelmed() throws Exception {
        Peers.requireFile(PIXELMED, "libpixelmed-java");
        List<Path> files = CorpusRoundTripTest.devFiles();
        knownGapsSeen.clear();
        Deidentifier basic = DeidComparison.basicDeidentifier();
        List<String> violations = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        List<String> pixelmedFailed = new ArrayList<>();
        int compared = 0;
        int pixelmedChanged = 0;
        try (URLClassLoader cl = new URLClassLoader(new URL[] {PIXELMED.toUri().toURL()},
                getClass().getClassLoader())) {
            DeidComparison.Pixelmed pixelmed = DeidComparison.Pixelmed.load(cl);
            for (Path f : files) {
                Map<String, Elem> orig = DeidComparison.parsePart10(f);
                Map<String, Elem> pm;
                try {
                    pm = pixelmed.deidentifyAndFlatten(f);
                } catch (Exception e) {
                    pixelmedFailed.add(f.getFileName() + ": " + (e.getCause() != null ? e.getCause() : e));
                    continue;
                }
                Map<String, Elem> dm = DeidComparison.dmask(basic, f, tmp);
                pixelmedChanged += check(f.getFileName().toString(), orig, dm, pm, violations, exceptions);
                compared++;

                if (f.getFileName().toString().equals("pydicom__CT_small.dcm")) {
                    negativeControl(f, orig, pm);
                }
            }
        }
        System.out.println("DeidComparisonTest: " + compared + " of " + files.size() + " files compared, "
                + pixelmedChanged + " elements changed by PixelMed");
        if (!pixelmedFailed.isEmpty()) {
            System.out.println("PixelMed could not de-identify:\n  " + String.join("\n  ", pixelmedFailed));
        }
        if (!exceptions.isEmpty()) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            exceptions.forEach(x -> counts.merge(x, 1, Integer::sum));
            StringBuilder b = new StringBuilder("exceptions to invariant 2 (dmask's output holds the original value "
                    + "of an element PixelMed changed; mostly small numbers that recur in other attributes):");
            counts.forEach((k, c) -> b.append("\n  ").append(c).append(" x ").append(k));
            System.out.println(b);
        }
        Set<String> stale = new java.util.TreeSet<>(KNOWN_GAPS.keySet());
        stale.removeAll(knownGapsSeen);
        assertTrue(stale.isEmpty(), () -> "known gaps no longer seen (fixed? remove them from KNOWN_GAPS): " + stale);
        int n = compared;
        assertTrue(n >= files.size() - 5, () -> "PixelMed compared on only " + n + " of " + files.size()
                + " files: " + pixelmedFailed);
        assertTrue(pixelmedChanged > 500, "PixelMed changed only " + pixelmedChanged + " elements: nothing compared?");
        if (!violations.isEmpty()) {
            fail(violations.size() + " places where dmask's Basic Profile is less private than PixelMed:\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** A profile that keeps two names PixelMed removes: both invariants must see it. */
    private void negativeControl(Path f, Map<String, Elem> orig, Map<String, Elem> pm) throws Exception {
        Profile leaky = new Profile("leaky", Set.of(), Map.of(
                Tag.PatientName, new Profile.Override(Profile.Override.Kind.KEEP, null),
                Tag.ReferringPhysicianName, new Profile.Override(Profile.Override.Kind.KEEP, null)), Set.of());
        Map<String, Elem> dm = DeidComparison.dmask(new Deidentifier(leaky, new Pseudonymizer(DeidComparison.KEY)),
                f, tmp);
        List<String> v = new ArrayList<>();
        check(f.getFileName().toString(), orig, dm, pm, v, new ArrayList<>());
        assertFalse(v.stream().noneMatch(s -> s.contains("invariant 1") && s.contains("PatientName")),
                () -> "negative control: a kept Patient Name is not reported: " + v);
        assertFalse(v.stream().noneMatch(s -> s.contains("invariant 2") && s.contains("(0010,0010)")),
                () -> "negative control: the original Patient Name in the output is not reported: " + v);
    }

    /**
     * Places where dmask's Basic Profile keeps an original value that PixelMed removes, and that are not yet fixed:
     * top-level tag to the reason. Each must still occur (the test fails when one no longer does: remove it then).
     * See conformance/deid-comparison.md.
     */
    static final Map<String, String> KNOWN_GAPS = Map.of();
    // Issuer of Accession Number Sequence (0008,0051) and Issuer of Patient ID Qualifiers Sequence (0010,0024) were
    // listed here until UnlistedAttributePolicy: their Universal Entity ID is emptied and the sequences removed.

    private static final Set<String> knownGapsSeen = new java.util.TreeSet<>();

    /** Checks both invariants on one file; returns the number of elements PixelMed changed. */
    static int check(String file, Map<String, Elem> orig, Map<String, Elem> dm, Map<String, Elem> pm,
            List<String> violations, List<String> exceptions) {
        int changed = 0;
        Set<String> changedValues = new HashSet<>();
        for (Map.Entry<String, Elem> e : orig.entrySet()) {
            String path = e.getKey();
            Elem o = e.getValue();
            Act pmAct = DeidComparison.classify(o, pm.get(path));
            if (!pmAct.changes()) {
                continue;
            }
            changed++;
            String annexE = DeidComparison.annexE(o.tag());
            boolean listedNotKept = !annexE.equals("-") && !annexE.equals("K");
            if (!o.sequence() && !o.value().isEmpty() && !annexE.equals("K")) {
                changedValues.add(o.value());
            }
            Act dmAct = DeidComparison.classify(o, dm.get(path));
            if (listedNotKept && !o.sequence() && !o.value().isEmpty() && !dmAct.changes()) {
                violations.add("invariant 1: " + file + " " + path + " " + DeidComparison.label(o.tag())
                        + " (Annex E " + annexE + "): PixelMed " + pmAct.label() + ", dmask " + dmAct.label());
            }
        }
        for (Map.Entry<String, Elem> e : dm.entrySet()) {
            Elem d = e.getValue();
            if (d.sequence() || d.value().isEmpty() || !changedValues.contains(d.value())) {
                continue;
            }
            String path = e.getKey();
            String what = file + " " + path + " " + DeidComparison.label(d.tag()) + " = \"" + abbreviate(d.value())
                    + "\"";
            Elem p = pm.get(path);
            String top = path.substring(0, 11);
            if (DeidComparison.annexE(d.tag()).equals("K")) {
                exceptions.add(DeidComparison.label(d.tag()) + ": Annex E keeps it");
            } else if (p != null && p.value().equals(d.value())) {
                exceptions.add(DeidComparison.label(d.tag()) + ": PixelMed keeps the same value there");
            } else if (KNOWN_GAPS.containsKey(top)) {
                exceptions.add(DeidComparison.label(d.tag()) + " in " + top + ": KNOWN GAP, " + KNOWN_GAPS.get(top));
                knownGapsSeen.add(top);
            } else {
                violations.add("invariant 2: " + what + " is the original value of an element PixelMed changed");
            }
        }
        return changed;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
