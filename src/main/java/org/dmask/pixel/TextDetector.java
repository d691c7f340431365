package org.dmask.pixel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Finds the words burned into an 8-bit grey image with Tesseract (LSTM engine, English, sparse-text page
 * segmentation: the scattered labels of a device overlay, not a page of prose). One detector is one Tesseract
 * instance: not thread-safe, cheap to reuse, to be closed.
 *
 * <p>Small text is read better enlarged: images narrower than {@link #UPSCALE_BELOW} columns are read at twice their
 * size (word boxes are given back in the image's own pixels).
 */
public final class TextDetector implements AutoCloseable {

    /** Tesseract's language file, as {@code models/manifest.json} names it. */
    public static final String LANGUAGE = "eng";
    /** Images narrower than this are enlarged 2x before reading. */
    public static final int UPSCALE_BELOW = 1600;

    /** A word Tesseract read: where, what, and how sure (0-100). */
    public record Word(Region box, String text, float confidence) {
    }

    private final TessBaseAPI api = new TessBaseAPI();
    private final Path traineddata;

    /**
     * @param traineddata the {@code eng.traineddata} file
     * @throws PixelCleaningException when Tesseract cannot start with it
     */
    public TextDetector(Path traineddata) throws PixelCleaningException {
        if (!Files.isRegularFile(traineddata)) {
            api.close();
            throw new PixelCleaningException("OCR cannot run: no Tesseract language file " + traineddata
                    + " (run 'dmask models install')");
        }
        this.traineddata = traineddata;
        String dir = traineddata.toAbsolutePath().getParent().toString();
        if (api.Init(dir, LANGUAGE, tesseract.OEM_LSTM_ONLY) != 0) {
            api.close();
            throw new PixelCleaningException("OCR cannot run: Tesseract did not start with " + traineddata);
        }
        api.SetPageSegMode(tesseract.PSM_SPARSE_TEXT);
        api.SetVariable("debug_file", "/dev/null");
    }

    public Path traineddata() {
        return traineddata;
    }

    /** The words of a {@code width}x{@code height} grey image (one byte a pixel, rows without padding). */
    public List<Word> words(byte[] grey, int width, int height) {
        int scale = width < UPSCALE_BELOW ? 2 : 1;
        byte[] img = scale == 1 ? grey : enlarged(grey, width, height);
        int w = width * scale;
        int h = height * scale;
        List<Word> words = new ArrayList<>();
        try (BytePointer pixels = new BytePointer(img)) {
            api.SetImage(pixels, w, h, 1, w);
            api.SetSourceResolution(300);
            if (api.Recognize(null) != 0) {
                return words;
            }
            ResultIterator it = api.GetIterator();
            if (it == null) {
                return words;
            }
            try (IntPointer l = new IntPointer(1); IntPointer t = new IntPointer(1); IntPointer r = new IntPointer(1);
                    IntPointer b = new IntPointer(1)) {
                do {
                    if (!it.BoundingBox(tesseract.RIL_WORD, l, t, r, b)) {
                        continue;
                    }
                    BytePointer text = it.GetUTF8Text(tesseract.RIL_WORD);
                    String s = text == null ? "" : text.getString().strip();
                    if (text != null) {
                        tesseract.TessDeleteText(text);
                    }
                    int x0 = l.get() / scale;
                    int y0 = t.get() / scale;
                    int x1 = (r.get() + scale - 1) / scale;
                    int y1 = (b.get() + scale - 1) / scale;
                    words.add(new Word(new Region(x0, y0, x1 - x0, y1 - y0), s, it.Confidence(tesseract.RIL_WORD)));
                } while (it.Next(tesseract.RIL_WORD));
            } finally {
                it.close();
            }
        } finally {
            api.Clear();
        }
        return words;
    }

    private static byte[] enlarged(byte[] grey, int width, int height) {
        int w2 = width * 2;
        byte[] out = new byte[w2 * height * 2];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int o = 2 * y * w2;
            for (int x = 0; x < width; x++) {
                byte v = grey[row + x];
                out[o + 2 * x] = v;
                out[o + 2 * x + 1] = v;
            }
            System.arraycopy(out, o, out, o + w2, w2);
        }
        return out;
    }

    @Override
    public void close() {
        api.End();
        api.close();
    }
}
