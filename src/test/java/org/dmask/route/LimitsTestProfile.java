package org.dmask.route;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.dmask.testing.TestUsers;

/**
 * The gateway of the attack tests (SlowUploadAttackTest, IdleSocketAttackTest): the shipped limits, with shorter
 * timeouts and smaller upload caps so that each attack makes its point in seconds, and worker threads that end
 * after 2 idle seconds so that the thread count can be seen to return to its baseline.
 */
public class LimitsTestProfile implements QuarkusTestProfile {

    static final Path WORK = Path.of("target", "limits-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final int MAX_CONCURRENT = 16;
    static final int MAX_PER_ADDRESS = 4;
    static final int IDLE_TIMEOUT_S = 3;
    static final int RATE_WINDOW_S = 3;
    static final int REQUEST_TIMEOUT_S = 2;
    static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));

    @Override
    public Map<String, String> getConfigOverrides() {
        return GatewayTestProfile.config(WORK,
                GatewayTestProfile.archiveEverything(WORK.resolve("archive"), "full"), "store", "audit.jsonl",
                USERS.config(
                "dmask.dicomweb.upload.max-concurrent", Integer.toString(MAX_CONCURRENT),
                "dmask.dicomweb.upload.max-per-address", Integer.toString(MAX_PER_ADDRESS),
                "dmask.dicomweb.upload.idle-timeout", IDLE_TIMEOUT_S + "s",
                "dmask.dicomweb.upload.rate-window", RATE_WINDOW_S + "s",
                "dmask.dimse.scp.request-timeout", REQUEST_TIMEOUT_S + "s",
                "quarkus.thread-pool.keep-alive-time", "2s"));
    }
}
