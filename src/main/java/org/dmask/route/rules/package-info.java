/**
 * Routing rules: the YAML file parsed with errors at their line ({@link org.dmask.route.rules.RuleParser}), held and
 * reloaded ({@link org.dmask.route.rules.RuleHolder}), compiled into a generation of Camel routes
 * ({@link org.dmask.route.rules.RuleRoutes}) whose steps ({@link org.dmask.route.rules.Dispatcher}) turn a spooled
 * object into durable jobs, or into a dead letter when no rule takes it.
 *
 * <p>Must not know: how jobs are delivered or prepared.
 */
package org.dmask.route.rules;
