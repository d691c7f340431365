package org.dmask;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The package layering of {@code ARCHITECTURE.md}, enforced on the production classes (tests are not imported).
 *
 * <p>Layers, from the bottom: {@code dicom}; then {@code dimse}, {@code dicomweb}, {@code deid}, {@code video},
 * {@code model}, {@code audit}; then {@code face} and {@code pixel}; then {@code mask}; then {@code route} and {@code eval}; then
 * {@code admin}; then {@code cli}. A package may depend on its own classes, on the layers strictly below it and on
 * libraries, never on a package of its own layer or above. Sub-packages count with their parent
 * ({@code org.dmask.model.convert} is {@code model}). On top of the layering, the "must not know about" column of
 * the package table holds for the packages it names.
 */
class ArchitectureTest {

    private static final String ROOT = "org.dmask.";

    /** ARCHITECTURE.md's layers, bottom first; each entry is the top-level packages of one layer. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("dicom"),
            Set.of("dimse", "dicomweb", "deid", "video", "model", "audit"),
            Set.of("face", "pixel"),
            Set.of("mask"),
            Set.of("route", "eval"),
            Set.of("admin"),
            Set.of("cli"));

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.dmask");

    // ---- the layering: one rule per layer ----

    @Test
    void dicomDependsOnLibrariesOnly() {
        layerRule(0).check(PRODUCTION);
    }

    @Test
    void protocolsCodecsModelsAndAuditDependOnlyOnDicom() {
        layerRule(1).check(PRODUCTION);
    }

    @Test
    void faceDependsOnlyOnLayersBelow() {
        layerRule(2).check(PRODUCTION);
    }

    @Test
    void maskDependsOnlyOnLayersBelow() {
        layerRule(3).check(PRODUCTION);
    }

    @Test
    void routeAndEvalDependOnlyOnLayersBelow() {
        layerRule(4).check(PRODUCTION);
    }

    @Test
    void adminDependsOnlyOnLayersBelow() {
        // admin is in the design but not written yet: the rule holds as soon as the package appears
        layerRule(5).allowEmptyShould(true).check(PRODUCTION);
    }

    @Test
    void cliDependsOnlyOnLayersBelow() {
        layerRule(6).check(PRODUCTION);
    }

    /** A new top-level package must be given its place in the layering before it can hide from the rules. */
    @Test
    void everyPackageHasALayer() {
        classes().should(ArchConditions.be(describe("in a package of ARCHITECTURE.md's layering",
                (JavaClass c) -> layerOf(c).isPresent()))).check(PRODUCTION);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.dmask.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }

    // ---- the "must not know about" column ----

    @Test
    void dimseKnowsNeitherCamelNorDeidentification() {
        noClasses().that().resideInAPackage("org.dmask.dimse..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.dmask.deid..")
                .check(PRODUCTION);
    }

    @Test
    void dicomwebKnowsNoCamel() {
        // the design forbids Camel internals; today dicomweb needs none of Camel at all, so the rule is the whole of it
        noClasses().that().resideInAPackage("org.dmask.dicomweb..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(PRODUCTION);
    }

    @Test
    void deidKnowsNoNetworksNorFaces() {
        noClasses().that().resideInAPackage("org.dmask.deid..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dmask.dimse..", "org.dmask.dicomweb..",
                        "java.net..", "javax.net..", "org.apache.camel..", "org.dmask.face..", "org.dmask.mask..")
                .check(PRODUCTION);
    }

    @Test
    void videoKnowsNoFaces() {
        noClasses().that().resideInAPackage("org.dmask.video..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dmask.face..", "org.dmask.mask..")
                .check(PRODUCTION);
    }

    @Test
    void faceKnowsNeitherRenderingNorDicom() {
        noClasses().that().resideInAPackage("org.dmask.face..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dmask.mask..", "org.lwjgl..",
                        "org.dmask.dicom..")
                .check(PRODUCTION);
    }

    /**
     * Frozen exceptions to "mask does not know tags", issue 27: {@code MaskPipeline.maskDicom}/{@code writeDicom}
     * still read the DICOM object, mark it de-identified and write it back. The wrapping belongs in {@code route}
     * (ARCHITECTURE.md: "route ...; wrapping a masked video back into DICOM"); until it moves, these and only these
     * dependencies are allowed. The list only shrinks: an entry that is no longer used fails the test.
     */
    static final List<FrozenException> MASK_KNOWS_TAGS = List.of(
            new FrozenException("org.dmask.mask.pipeline.MaskPipeline", "org.dmask.dicom"),
            new FrozenException("org.dmask.mask.pipeline.MaskPipeline", "org.dmask.deid"));

    /** Dependencies from {@code originClass} (and its nested classes) on anything in {@code targetPackage}. */
    record FrozenException(String originClass, String targetPackage) {
        boolean covers(Dependency d) {
            String origin = d.getOriginClass().getName();
            String target = d.getTargetClass().getPackageName();
            return (origin.equals(originClass) || origin.startsWith(originClass + "$"))
                    && (target.equals(targetPackage) || target.startsWith(targetPackage + "."));
        }
    }

    @Test
    void maskKnowsNeitherTagsNorRoutes() {
        String[] forbidden = {"org.dmask.dicom", "org.dmask.deid", "org.dmask.route", "org.apache.camel"};
        classes().that().resideInAPackage("org.dmask.mask..")
                .should(ArchConditions.onlyHaveDependenciesWhere(describe(
                        "the target is in none of " + String.join(", ", forbidden) + " (frozen: " + MASK_KNOWS_TAGS + ")",
                        d -> MASK_KNOWS_TAGS.stream().anyMatch(f -> f.covers(d))
                                || Arrays.stream(forbidden).noneMatch(p -> inPackage(d.getTargetClass(), p)))))
                .check(PRODUCTION);
        for (FrozenException f : MASK_KNOWS_TAGS) {
            boolean used = PRODUCTION.stream()
                    .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                    .anyMatch(f::covers);
            assertTrue(used, f + " is no longer needed: take it off the frozen list (issue 27)");
        }
    }

    @Test
    void routeKnowsOnlyTheMasksFacade() {
        // ARCHITECTURE.md: route must not know how masking works inside; it calls VideoMasker with a MaskMode
        classes().that().resideInAPackage("org.dmask.route..")
                .should(ArchConditions.onlyHaveDependenciesWhere(describe(
                        "the target is not in org.dmask.mask, or is VideoMasker or MaskMode",
                        d -> !inPackage(d.getTargetClass(), "org.dmask.mask")
                                || d.getTargetClass().getName().startsWith("org.dmask.mask.VideoMasker")
                                || d.getTargetClass().getName().equals("org.dmask.mask.MaskMode"))))
                .check(PRODUCTION);
    }

    /** route's parts, bottom first (route/package-info.java): the top-level package is the wiring above them all. */
    static final List<String> ROUTE_PARTS = List.of("org.dmask.route.spool", "org.dmask.route.component",
            "org.dmask.route.delivery", "org.dmask.route.rules", "org.dmask.route");

    /** mask's parts, bottom first (mask/package-info.java): the top-level package is the API the others implement. */
    static final List<String> MASK_PARTS = List.of("org.dmask.mask", "org.dmask.mask.avatar", "org.dmask.mask.gl",
            "org.dmask.mask.eye", "org.dmask.mask.pipeline");

    @Test
    void routePartsImportOnlyThePartsBelowThem() {
        partsImportOnlyThePartsBelowThem(ROUTE_PARTS);
    }

    @Test
    void maskPartsImportOnlyThePartsBelowThem() {
        partsImportOnlyThePartsBelowThem(MASK_PARTS);
    }

    /** Each package of {@code bottomFirst} (exactly that package) depends on none of those after it. */
    private static void partsImportOnlyThePartsBelowThem(List<String> bottomFirst) {
        for (int i = 0; i < bottomFirst.size(); i++) {
            List<String> above = bottomFirst.subList(i + 1, bottomFirst.size());
            classes().that().resideInAPackage(bottomFirst.get(i))
                    .should(ArchConditions.onlyHaveDependenciesWhere(describe("the target is in none of " + above,
                            d -> !above.contains(d.getTargetClass().getPackageName()))))
                    .check(PRODUCTION);
        }
    }

    @Test
    void evalKnowsNeitherCliNorRoute() {
        noClasses().that().resideInAPackage("org.dmask.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dmask.cli..", "org.dmask.route..")
                .check(PRODUCTION);
    }

    // ---- helpers ----

    private static ArchRule layerRule(int layer) {
        String[] packages = LAYERS.get(layer).stream().sorted().map(p -> ROOT + p + "..").toArray(String[]::new);
        return classes().that().resideInAnyPackage(packages)
                .should(ArchConditions.onlyHaveDependenciesWhere(allowedByLayering()))
                .because("ARCHITECTURE.md: a package imports only from layers below its own");
    }

    /** A dependency on a library, within the origin's own package, or on a strictly lower layer. */
    private static DescribedPredicate<Dependency> allowedByLayering() {
        return describe("the target is a library, in the same package, or in a layer below", d -> {
            Optional<String> target = topPackage(d.getTargetClass());
            if (target.isEmpty()) {
                return true;
            }
            Optional<String> origin = topPackage(d.getOriginClass());
            if (target.equals(origin)) {
                return true;
            }
            // a package not in the layering is never a lower layer (everyPackageHasALayer names it)
            int below = layerIndex(target.get());
            return below >= 0 && below < layerIndex(origin.orElseThrow());
        });
    }

    private static boolean inPackage(JavaClass c, String pkg) {
        String name = c.getPackageName();
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    private static Optional<Integer> layerOf(JavaClass c) {
        return topPackage(c).map(ArchitectureTest::layerIndex).filter(i -> i >= 0);
    }

    /** {@code org.dmask.model.convert.X} is in {@code model}; a class outside {@code org.dmask} has none. */
    private static Optional<String> topPackage(JavaClass c) {
        String name = c.getPackageName() + ".";
        if (!name.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = name.substring(ROOT.length());
        return Optional.of(rest.substring(0, rest.indexOf('.')));
    }

    private static int layerIndex(String topPackage) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(topPackage)) {
                return i;
            }
        }
        return -1;
    }
}
