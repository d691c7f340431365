/**
 * The spool: a received object made durable before its sender is told "success" (file and folder fsynced,
 * {@link org.dmask.route.spool.DurableFiles}), who sent it ({@link org.dmask.route.spool.Arrival}), and what is read of
 * it before any rule sees it ({@link org.dmask.route.spool.ObjectHeader}, video or not).
 *
 * <p>Must not know: Camel, rules, jobs or targets.
 */
package org.dmask.route.spool;
