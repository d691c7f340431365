/**
 * The Camel components, in Camel's component / endpoint / consumer / producer shape: {@code dicom:} (C-STORE SCP as a
 * consumer, SCU as a producer), {@code stow:} (STOW-RS client) and {@code archive:} (a folder). Producers raise
 * {@link org.dmask.route.component.DeliveryException} saying whether a failure is worth a retry.
 *
 * <p>Must not know: rules, the job store, de-identification or the mask.
 */
package org.dmask.route.component;
