package org.dmask.deid;

import org.dmask.dicom.Attributes;

/** One small change in the de-identification chain, like a dcm4che coercion: it does one thing to the data set. */
interface DeidStep {
    void apply(Attributes dataset, DeidContext ctx);
}
