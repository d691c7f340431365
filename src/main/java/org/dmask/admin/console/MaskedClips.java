package org.dmask.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The masked clips of recent previews, in memory, so the page's video element can fetch its MP4: only masked output
 * (never an original), only for the user who made it, for a quarter of an hour, at most a few at a time.
 */
@ApplicationScoped
public class MaskedClips {

    static final long KEEP_MILLIS = 15 * 60 * 1000L;
    static final int MAX_CLIPS = 4;

    private record Clip(String user, byte[] mp4, long expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Clip> clips = new LinkedHashMap<>();

    /** Keeps the clip and returns its id (random, unguessable). */
    public synchronized String put(String user, byte[] mp4) {
        purge();
        while (clips.size() >= MAX_CLIPS) {
            clips.remove(clips.keySet().iterator().next());
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        clips.put(key, new Clip(user, mp4, System.currentTimeMillis() + KEEP_MILLIS));
        return key;
    }

    /** The clip, or null when unknown, expired or someone else's. */
    public synchronized byte[] get(String user, String id) {
        purge();
        Clip c = clips.get(id);
        return c == null || !c.user().equals(user) ? null : c.mp4();
    }

    private void purge() {
        long now = System.currentTimeMillis();
        clips.values().removeIf(c -> c.expires() < now);
    }
}
