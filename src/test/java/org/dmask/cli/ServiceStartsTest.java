package org.dmask.cli;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The service starts (the @QuarkusMain is not invoked here) and is live. It is not ready: readiness waits for the
 * gateway that {@code dmask serve} starts (its SCP bound, its spool writable), and says why. GatewayApplicationTest
 * shows readiness once the gateway runs.
 */
@QuarkusTest
class ServiceStartsTest {

    @Test
    void liveness() {
        org.dmask.testing.TestUsers.management().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void notReadyWithoutTheGatewayAndSaysWhy() {
        org.dmask.testing.TestUsers.management().when().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'dmask-gateway' }.data.reason", equalTo("gateway not started"));
    }
}
