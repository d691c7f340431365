package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line without Quarkus: what runs before (and instead of) starting the application. Help, usage errors,
 * dump, deid, completion and the version run here; the other commands are handed to the application untouched.
 */
class CliTest {

    /** One run of the command line as {@code DmaskMain.main} does it, before it would start Quarkus. */
    record Run(OptionalInt code, String out, String err) {
        boolean ranWithoutTheApplication() {
            return code.isPresent();
        }

        int exitCode() {
            return code.orElseThrow(() -> new AssertionError("handed to the application: " + out + err));
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OptionalInt code = new Cli(CommandLine.defaultFactory(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, new FailingTestCommand())
                .executeWithoutApplication(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWith2AndTheGeneratedUsageOnStderr() {
        for (String[] args : new String[][] {{"dump"}, {"dump", "--bogus", "x"}, {"dump", "--width", "wide", "x"},
                {"deid", "--profile", "basic", "in.dcm"}, {"mask", "a", "b", "--mode", "blur"}, {"mask", "a", "b", "c"},
                {"send", "--port", "http", "x.dcm"}, {"send", "--port", "0", "x.dcm"}, {"models", "install", "--bogus"},
                {"users", "add"},
                {"dead-letter", "open", "x.dcm.enc"}, {"serve", "extra"}}) {
            Run r = run(args);
            String what = String.join(" ", args) + ": " + r.err();
            assertEquals(2, r.exitCode(), what);
            assertEquals("", r.out(), what);
            List<String> lines = r.err().lines().toList();
            assertTrue(lines.get(0).startsWith("dmask " + args[0] + ": "), what);
            assertTrue(lines.get(1).startsWith("Usage: dmask " + args[0]), "the generated usage: " + what);
        }
        Run wrongMode = run("mask", "a", "b", "--mode", "blur");
        assertTrue(wrongMode.err().startsWith("dmask mask: Invalid value for option '--mode': full or face, not "
                + "'blur'"), wrongMode.err());
        Run unknownOption = run("dump", "--bogus", "x");
        assertTrue(unknownOption.err().startsWith("dmask dump: unknown option '--bogus'\n"), unknownOption.err());

        Run none = run();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().startsWith("dmask: no command given\nUsage: dmask [-hV] COMMAND"), none.err());
        Run unknown = run("frobnicate");
        assertEquals(2, unknown.exitCode());
        assertEquals("dmask: unknown command 'frobnicate' (try: dmask help)", unknown.err().strip());
    }

    @Test
    void aCommandsHelpListsItsOptionsOnStdout() {
        Run mask = run("mask", "--help");
        assertEquals(0, mask.exitCode(), mask.err());
        assertTrue(mask.out().startsWith("Usage: dmask mask [-hV] [--mode=full|face] IN OUT"), mask.out());
        assertTrue(mask.out().contains("face: the avatar over the face oval"), mask.out());
        Run deid = run("help", "deid");
        assertEquals(0, deid.exitCode(), deid.err());
        assertTrue(deid.out().contains("--profile=NAME") && deid.out().contains("Profiles: basic, basic-clean-pixels, research"),
                deid.out());
        Run users = run("users", "add", "--help");
        assertTrue(users.out().startsWith("Usage: dmask users add [-hV] [--password-stdin] --role=ROLE[,ROLE]"),
                users.out());
        Run all = run("help");
        assertEquals(0, all.exitCode());
        for (String command : List.of("serve", "send", "deid", "dump", "mask", "analyze", "evaluate", "models", "users",
                "reid-lookup", "dead-letter", "completion")) {
            assertTrue(all.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + ": " + all.out());
        }
        Run version = run("--version");
        assertTrue(version.out().startsWith("dmask "), version.out());
    }

    @Test
    void completionScriptCompletesCommandsAndOptionsInBash(@TempDir Path tmp) throws Exception {
        Run r = run("completion");
        assertEquals(0, r.exitCode(), r.err());
        Path script = Files.writeString(tmp.resolve("dmask-completion.bash"), r.out());
        assertEquals(List.of("deid", "dead-letter"), complete(script, "dmask", "de"));
        assertEquals(List.of("--profile"), complete(script, "dmask", "deid", "--p"));
        assertEquals(List.of("install"), complete(script, "dmask", "models", "i"));
    }

    /** What bash completes for the last word, with the generated script sourced. */
    private static List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String cmd = "source '" + script + "' && COMP_WORDS=(" + line + ") && COMP_CWORD=" + (words.length - 1)
                + " && COMP_LINE='" + line + "' && COMP_POINT=" + line.length()
                + " && _complete_dmask 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void onlyTheCommandsThatNeedItAreHandedToTheApplication() {
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        for (String[] args : new String[][] {{"help"}, {"--help"}, {"-V"}, {"dump", ct.toString()}, {"completion"},
                {"serve", "--help"}, {"help", "models"}, {"models", "install", "--help"}}) {
            Run r = run(args);
            assertTrue(r.ranWithoutTheApplication(), String.join(" ", args));
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
        }
        for (String[] args : new String[][] {{"serve"}, {"reid-lookup", "x"}, {"models", "list"}, {"users", "list"},
                {"send", "--host", "h", "--port", "104", "--called", "X", "x.dcm"}, {"evaluate"}}) {
            Run r = run(args);
            assertFalse(r.ranWithoutTheApplication(), String.join(" ", args));
            assertEquals("", r.out() + r.err(), "nothing said before the application runs it");
        }
    }

    @Test
    void deidReadsTheConfigurationWithoutTheApplication(@TempDir Path tmp) throws Exception {
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path key = tmp.resolve("keys/deid.key");
        System.setProperty("quarkus.profile", "prod");
        System.setProperty("dmask.deid.key-file", key.toString());
        try {
            Run ok = run("deid", "--profile", "research", ct.toString(), tmp.resolve("out.dcm").toString());
            assertEquals(0, ok.exitCode(), ok.err());
            assertEquals("de-identified 1 file with profile research", ok.out().strip());
            // the key of the configured key file, generated owner-only as the service does it
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            assertTrue(Files.size(tmp.resolve("out.dcm")) > 1000);

            System.setProperty("dmask.deid.date-shift.min-days", "a week ago");
            Run bad = run("deid", "--profile", "research", ct.toString(), tmp.resolve("out2.dcm").toString());
            assertEquals(78, bad.exitCode(), bad.err());
            assertEquals(1, bad.err().strip().lines().count(), bad.err());
            assertTrue(bad.err().startsWith("dmask deid: configuration: ") && bad.err().contains(
                    "dmask.deid.date-shift.min-days"), bad.err());
            assertFalse(Files.exists(tmp.resolve("out2.dcm")));
        } finally {
            System.clearProperty("quarkus.profile");
            System.clearProperty("dmask.deid.key-file");
            System.clearProperty("dmask.deid.date-shift.min-days");
        }
    }

    @Test
    void aCommandExceptionIsOneLineWithItsExitCode() {
        Run r = run("test-fail", "expected");
        assertEquals(3, r.exitCode());
        assertEquals("dmask test-fail: expected failure", r.err().strip());
    }

    @Test
    void aConfigurationErrorIsOneLineWithoutTheDebugHint() {
        Run r = run("test-fail", "config");
        assertEquals(78, r.exitCode());
        assertEquals("dmask test-fail: dmask.test.setting: not valid", r.err().strip());
    }

    @Test
    void anUnexpectedExceptionIsOneLinePlusTheHint() {
        Run r = run("test-fail", "unexpected");
        assertEquals(1, r.exitCode());
        assertEquals("dmask test-fail: boom\n" + DmaskMain.DEBUG_HINT, r.err().strip());
    }
}
