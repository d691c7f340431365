package org.dmask.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/** FFmpeg logs to stderr by itself; only errors are worth a line there. */
final class FfmpegLog {

    private static volatile boolean set;

    private FfmpegLog() {
    }

    static void quiet() {
        if (!set) {
            av_log_set_level(AV_LOG_ERROR);
            set = true;
        }
    }
}
