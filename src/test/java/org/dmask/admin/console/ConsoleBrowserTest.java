package org.dmask.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dmask.admin.security.Roles;
import org.dmask.testing.Peers;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.route.GatewayService;
import org.dmask.testing.PeerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian headless Chromium through chromedriver) against the running gateway, as an
 * operator would use it: log in; see the dead letter of an object sent while the DICOM target (DCMTK storescp) was
 * down; retry it once the target is up and see it delivered there (the file appears); edit a rule and get the
 * validation error at its line; mask a short real face clip in the before/after preview and see both frames and the
 * masked clip play. Each page is saved as target/screenshots/console-*.png.
 */
@QuarkusTest
@PeerTest
@TestProfile(ConsoleBrowserTest.Profile.class)
class ConsoleBrowserTest {

    static final ConsoleApp APP = new ConsoleApp(Path.of("target", "console-browser-test-"
            + ProcessHandle.current().pid()));

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return APP.config();
        }
    }

    @TestHTTPResource("/")
    URL root;
    @Inject
    GatewayService gateways;

    @Test
    @Timeout(600)
    void anOperatorsDayInTheConsole() throws Exception {
        Path ct = APP.work.resolve("ct.dcm");
        Files.createDirectories(APP.work);
        Files.copy(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"), ct,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path video = ConsoleFixtures.faceVideo(APP.work.resolve("clip"), 12);
        InstallTestSupport.installedModels();
        Path received = APP.work.resolve("pacs-received");
        Process pacs = null;
        try (Browser b = Browser.start(root.toString().replaceAll("/$", ""), APP.work.resolve("browser"))) {
            // 1. log in: the console's start page, with the user and the whole navigation of an admin
            b.open("/console");
            b.await(Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("/login"));
            b.screenshot("console-0-login");
            b.login(Roles.ADMIN, APP.users.password(Roles.ADMIN));
            b.await(Duration.ofSeconds(30), d -> d.getCurrentUrl().endsWith("/console"));
            assertEquals("admin · admin", b.find("#who").getText());
            assertEquals(List.of("Dashboard", "Dead letters & jobs", "Targets", "Rules", "Pixel templates", "Audit log",
                    "Mask preview"),
                    b.driver.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList());

            // 2. an object sent while the pacs is down becomes a dead letter (redelivery gives up after 3 s); the
            //    dashboard, left open, shows it by itself (htmx polls its live part every second here)
            ConsoleApp.storescu(gateways.gateway().scp().port(), ct);
            b.await(Duration.ofSeconds(60), d -> d.findElement(By.id("t-received")).getText().equals("1")
                    && d.findElement(By.id("t-dead")).getText().equals("1"));
            b.await(Duration.ofSeconds(20), d -> d.findElements(By.cssSelector("tr.recent-object")).stream()
                    .anyMatch(e -> e.getText().contains("MODALITY1") && e.getText().contains("dead letter")));
            b.screenshot("console-1-dashboard");
            b.open("/console/dead-letters");
            WebElement row = b.find("tr.dead-letter");
            assertTrue(row.getText().contains("pacs"), row.getText());
            assertTrue(row.getText().contains("not delivered within the maximum age"), row.getText());
            String name = row.getAttribute("data-name");
            b.open("/console/dead-letters");
            b.screenshot("console-2-dead-letter");

            // 3. the pacs comes up; retry the dead letter
            pacs = APP.startPacs(received);
            b.find("tr.dead-letter[data-name='" + name + "'] button.retry").click();
            b.await(Duration.ofSeconds(20), d -> d.findElements(By.id("outcome")).stream()
                    .anyMatch(e -> e.getText().contains("queued again for [pacs]")));
            assertTrue(b.driver.findElements(By.cssSelector("tr.dead-letter")).isEmpty(), "the dead letter is gone");
            b.screenshot("console-3-retried");

            // 4. delivered to the DCMTK storescp: the file appears; the audit log shows the send
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ConsoleApp.dicomFiles(received).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertEquals(1, ConsoleApp.dicomFiles(received).size(), "storescp received the object");
            b.open("/console");
            b.await(Duration.ofSeconds(20), d -> d.findElements(By.cssSelector("tr.recent-object")).stream()
                    .anyMatch(e -> e.getText().contains("pacs: done") || e.getText().contains("delivered")));
            b.open("/console/audit?event=send&target=pacs");
            b.await(Duration.ofSeconds(20), d -> !d.findElements(By.cssSelector("tr.audit-event")).isEmpty()
                    || reload(b, "/console/audit?event=send&target=pacs"));
            assertTrue(b.find("tr.audit-event").getText().contains("success"), b.find("tr.audit-event").getText());
            b.screenshot("console-4-delivered");
            b.open("/console/targets");
            b.await(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector("tr.target[data-name='pacs'] .badge"))
                    .getText().equals("ok") || reload(b, "/console/targets"));
            b.find("tr.target[data-name='pacs'] button.echo").click();
            b.await(Duration.ofSeconds(20), d -> d.findElements(By.id("outcome")).stream()
                    .anyMatch(e -> e.getText().startsWith("C-ECHO to pacs: success")));
            b.screenshot("console-5-targets");

            // 5. edit a rule: an unknown mask mode on line 19, and the error is shown at that line
            b.open("/console/rules");
            WebElement text = b.find("#rules-text");
            String edited = text.getAttribute("value").replace("mask: full", "mask: blur");
            assertFalse(edited.equals(text.getAttribute("value")), "the running rules have the mask line");
            text.clear();
            text.sendKeys(edited);
            b.find("#validate").click();
            WebElement outcome = b.await(Duration.ofSeconds(20), d -> d.findElements(By.id("rules-outcome")).stream()
                    .findFirst().orElse(null));
            assertTrue(outcome.getText().startsWith("line 19: "), outcome.getText());
            assertTrue(outcome.getText().contains("blur"), outcome.getText());
            WebElement errorLine = b.find("#error-line");
            assertEquals("19", errorLine.findElement(By.cssSelector(".lineno")).getText());
            assertTrue(errorLine.getText().contains("mask: blur"), errorLine.getText());
            b.screenshot("console-6-rule-error");

            // Clean Pixel Data's templates: listed, and the CT's device matches its own
            b.open("/console/pixel-templates");
            assertTrue(b.find("#pixel-templates").getText().contains("rhapsode-top-band"));
            b.find("#pixel-test-object").sendKeys(ct.toString());
            b.find("#pixel-test").click();
            WebElement matched = b.await(Duration.ofSeconds(20), d -> d.findElements(By.id("pixel-test-outcome"))
                    .stream().findFirst().orElse(null));
            assertEquals("matches rhapsode-top-band", matched.getText());
            assertTrue(b.find("#pixel-test-device").getText().contains("0, 0, 128 × 10"),
                    b.find("#pixel-test-device").getText());
            b.screenshot("console-6b-pixel-templates");

            // 6. the before/after preview of a masked clip (the rule "videos": mode full)
            b.open("/console/preview");
            b.find("#file").sendKeys(video.toString());
            b.find("#make-preview").click();
            b.await(Duration.ofMinutes(5), d -> !d.findElements(By.id("preview-done")).isEmpty()
                    || !d.findElements(By.id("preview-error")).isEmpty());
            assertTrue(b.driver.findElements(By.id("preview-error")).isEmpty(),
                    () -> b.find("#preview-error").getText());
            String done = b.find("#preview-done").getText();
            assertTrue(done.contains("12 frames") && done.contains("mode full") && done.contains("rule videos"), done);
            for (String side : List.of("img.before", "img.after")) {
                List<WebElement> imgs = b.driver.findElements(By.cssSelector(side));
                assertEquals(4, imgs.size(), side);
                for (WebElement img : imgs) {
                    assertEquals(640L, b.driver.executeScript("return arguments[0].naturalWidth", img), side);
                }
            }
            // the browser decodes the masked MP4: it has its size and enough data for the current frame
            b.await(Duration.ofSeconds(30), d -> ((Number) b.driver.executeScript(
                    "return document.getElementById('clip').readyState")).intValue() >= 2);
            assertEquals(640L, b.driver.executeScript("return document.getElementById('clip').videoWidth"));
            b.screenshot("console-7-preview");

            // log out: back at the login page, and the console asks for a login again
            b.find("#logout").click();
            b.await(Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("/login?logout=1"));
            b.open("/console/dead-letters");
            b.await(Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("/login"));
        } finally {
            ConsoleApp.stop(pacs);
        }
    }

    /** Reloads the page (the condition was not met yet) and returns false, so the wait goes on. */
    private static boolean reload(Browser b, String path) {
        b.open(path);
        return false;
    }
}
