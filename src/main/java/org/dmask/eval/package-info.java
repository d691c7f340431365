/**
 * The privacy and fidelity evaluation of the mask ({@code dmask evaluate}): ground truth from scripted motion,
 * re-identification in both attacks, eye fidelity. Never on the serving path.
 *
 * <p>Must not know: the command line, routes.
 */
package org.dmask.eval;
