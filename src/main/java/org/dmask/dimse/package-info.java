/**
 * The PS3.8 upper layer and DIMSE: associations, presentation contexts, C-ECHO, the C-STORE SCP and SCU, TLS and
 * AE access control, with a thin CDI wrapper configured by {@code dmask.dimse.*}.
 *
 * <p>Must not know: Camel, de-identification.
 */
package org.dmask.dimse;
