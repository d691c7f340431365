package org.dmask.model.install;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.dmask.model.convert.ConversionException;
import org.dmask.model.convert.ReferenceCheck;
import org.dmask.model.convert.TfjsToOnnx;

/** The project's own TF.js to ONNX converter ({@code org.dmask.model.convert}) behind the installer's seam. */
@ApplicationScoped
public class TfjsModelConverter implements ModelConverter {

    @Override
    public byte[] convert(byte[] modelJson, Function<String, byte[]> weightFile, String modelName)
            throws ConversionException {
        return TfjsToOnnx.convert(modelJson, weightFile, modelName);
    }

    @Override
    public double maxError(byte[] onnx, byte[] referenceJson) throws ConversionException {
        return ReferenceCheck.verify(onnx, referenceJson);
    }
}
