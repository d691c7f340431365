package org.dmask.mask;

/** Progress of masking one clip: frames done of the total (total −1 when unknown), per stage ("analyse", "read back", "render"). */
@FunctionalInterface
public interface MaskProgress {
    MaskProgress NONE = (pass, done, total) -> { };

    void update(String pass, long done, long total);
}
