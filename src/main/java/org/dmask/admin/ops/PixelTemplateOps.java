package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.dmask.deid.DeidConfig;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomParseException;
import org.dmask.dicom.Tag;
import org.dmask.pixel.Region;
import org.dmask.pixel.RegionTemplates;

/**
 * The Clean Pixel Data region templates ({@code dmask.deid.pixel-templates}): the file as it is now, and which of its
 * templates an object would get, without cleaning or sending anything. Read anew on each call, so an edited file
 * shows at once (the cleaner itself reads it at start-up).
 */
@ApplicationScoped
public class PixelTemplateOps {

    /** The templates file and its templates. */
    public record TemplatesView(String file, List<RegionTemplates.Template> templates) {
    }

    /** What an object would get: its device attributes, the templates that match, and their rectangles. */
    public record TemplateTest(String manufacturer, String model, String sopClassUID, int rows, int columns,
            String station, List<String> matching, List<Region> regions) {
    }

    @Inject
    DeidConfig config;

    @Inject
    AdminAudit audit;

    public TemplatesView current() {
        return new TemplatesView(config.pixelTemplates().map(Path::toString).orElse(null), templates().templates());
    }

    /** Which templates match the object's header (its pixel data is not read into memory). */
    public TemplateTest test(String user, InputStream object) throws Exception {
        return audit.run(user, "pixel-templates.test", null, () -> {
            Attributes ds;
            try (DicomInputStream in = new DicomInputStream(object,
                    DicomInputStream.Options.defaults().withBulkDataThreshold(1024))) {
                in.readFileMetaInformation();
                ds = in.readDataset();
            } catch (DicomParseException e) {
                throw new IllegalArgumentException("not a DICOM object: " + e.getMessage());
            }
            try {
                List<RegionTemplates.Template> hits = templates().matching(ds);
                return new TemplateTest(ds.getString(Tag.Manufacturer), ds.getString(Tag.ManufacturerModelName),
                        ds.getString(Tag.SOPClassUID), ds.getInt(Tag.Rows, -1), ds.getInt(Tag.Columns, -1),
                        ds.getString(Tag.StationName), hits.stream().map(RegionTemplates.Template::name).toList(),
                        hits.stream().flatMap(t -> t.regions().stream()).toList());
            } finally {
                ds.disposeBulkData();
            }
        }, t -> t.matching().isEmpty() ? "no template matches" : "matches " + t.matching());
    }

    private RegionTemplates templates() {
        try {
            return config.pixelTemplates().map(RegionTemplates::load).orElse(RegionTemplates.NONE);
        } catch (RegionTemplates.TemplateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
