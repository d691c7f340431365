package org.dmask.admin.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(PreviewServiceTest.Profile.class)
class ScratchSmokeTest {
    @TestHTTPResource("/")
    URL root;

    @Test
    void login() throws Exception {
        String base = root.toString().replaceAll("/$", "");
        try (Browser b = Browser.start(base, PreviewServiceTest.WORK.resolve("browser"))) {
            b.open("/login?error=1");
            b.screenshot("scratch-login");
            System.out.println("TITLE " + b.driver.getTitle());
        }
    }
}
