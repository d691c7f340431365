package org.dmask.admin.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The console's CSRF tokens: bound to the user, the browser's nonce and this server's start. */
class CsrfGuardTest {

    @Test
    void aTokenHoldsOnlyForItsUserItsNonceAndItsServer() {
        CsrfGuard guard = new CsrfGuard();
        String nonce = guard.newNonce();
        String token = guard.token("operator", nonce);
        assertTrue(guard.valid("operator", nonce, token));
        assertFalse(guard.valid("admin", nonce, token), "another user");
        assertFalse(guard.valid("operator", guard.newNonce(), token), "another browser");
        assertFalse(guard.valid("operator", nonce, token + "x"), "changed");
        assertFalse(guard.valid("operator", nonce, ""), "empty");
        assertFalse(guard.valid("operator", nonce, null), "none");
        assertFalse(guard.valid(null, nonce, token), "anonymous");
        assertFalse(guard.valid("operator", null, token), "no nonce");
        assertFalse(new CsrfGuard().valid("operator", nonce, token), "after a restart (new key)");
        assertNotEquals(guard.newNonce(), guard.newNonce());
    }

    @Test
    void onlyTheConsoleAndLogoutAreGuarded() {
        assertTrue(ConsoleCsrfFilter.guarded("/console"));
        assertTrue(ConsoleCsrfFilter.guarded("console/dead-letters/x/retry"));
        assertTrue(ConsoleCsrfFilter.guarded("/logout"));
        assertFalse(ConsoleCsrfFilter.guarded("/consoles"));
        assertFalse(ConsoleCsrfFilter.guarded("/dicomweb/studies"), "STOW-RS clients have no page");
        assertFalse(ConsoleCsrfFilter.guarded("/api/dead-letters/x/retry"), "nor do admin API clients");
    }
}
