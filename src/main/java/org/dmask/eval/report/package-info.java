/**
 * Report writers: the evaluation summary (JSON) and report (HTML), charts, contact sheets and signal files.
 *
 * <p>Must not know: the command line, routes.
 */
package org.dmask.eval.report;
