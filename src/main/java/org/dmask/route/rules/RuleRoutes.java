package org.dmask.route.rules;

import org.dmask.route.spool.Arrival;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.jboss.logging.Logger;

/**
 * The rules compiled into Camel routes, one generation per rule file. Each rule is a route made from the
 * {@code dmask-rule} template: its match is the route's filter (a Camel {@link Predicate}), and what passes the
 * filter takes the rule's jobs. A generation's dispatch route opens the object (header, or dead letters), calls the
 * rule routes in priority order (first-match: until one matched; fan-out: all of them) and finishes (jobs durable,
 * object into the store, or dead letters when no rule took it).
 *
 * <p>A new generation is built and started beside the running one; only when all of its routes run does the gateway
 * switch to it (see {@code Gateway}), and only then is the old generation removed. A rule set that cannot become
 * routes leaves nothing behind and the running generation untouched.
 */
public final class RuleRoutes {

    private static final Logger LOG = Logger.getLogger(RuleRoutes.class);
    static final String RULE_TEMPLATE = "dmask-rule";
    /** Exchange property naming the rule a rule route is for. */
    static final String RULE_PROPERTY = "DmaskRule";

    private final CamelContext camel;
    private final Dispatcher dispatcher;
    private final Map<Integer, List<String>> routeIds = new HashMap<>();

    public RuleRoutes(CamelContext camel, Dispatcher dispatcher) {
        this.camel = camel;
        this.dispatcher = dispatcher;
    }

    /** The template of a rule's route: its match filters, its take records the rule's jobs. */
    public static void template(RouteBuilder b) {
        b.routeTemplate(RULE_TEMPLATE).templateParameter("generation").templateParameter("index")
                .templateParameter("name")
                .from("direct:dmask-rules-{{generation}}-{{index}}")
                .filter().ref("{{match}}")
                    .setProperty(RULE_PROPERTY, b.constant("{{name}}"))
                    .process("{{take}}")
                .end();
    }

    public static String dispatchEndpoint(int generation) {
        return "direct:dmask-dispatch-" + generation;
    }

    /**
     * Adds and starts generation {@code g} for the rules: a route per rule, then the dispatch route. On failure,
     * removes what it added and throws; the running generation is not touched.
     */
    public void add(int g, RuleSet rs) {
        List<String> ids = new ArrayList<>();
        routeIds.put(g, ids);
        try {
            List<String> ruleEndpoints = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < rs.rules().size(); i++) {
                Rule r = rs.rules().get(i);
                String name = r.name().replaceAll("[^A-Za-z0-9._-]", "_");
                if (!names.add(name)) {
                    name += "-" + (i + 1); // two names the same once made safe for a route ID
                }
                String id = TemplatedRouteBuilder.builder(camel, RULE_TEMPLATE)
                        .routeId("dmask-rule-" + name + "-g" + g)
                        .parameter("generation", g).parameter("index", i).parameter("name", r.name())
                        .bean("match", Predicate.class, new RulePredicate(r))
                        .bean("take", Processor.class, (Processor) ex -> dispatcher.take(dispatchOf(ex), r))
                        .add();
                ids.add(id);
                ruleEndpoints.add("direct:dmask-rules-" + g + "-" + i);
            }
            String dispatchId = "dmask-dispatch-g" + g;
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    RouteDefinition route = from(dispatchEndpoint(g)).routeId(dispatchId)
                            .process(ex -> open(ex, rs));
                    for (String rule : ruleEndpoints) {
                        if (rs.mode() == RuleSet.Mode.FIRST_MATCH) {
                            route.filter(ex -> !dispatchOf(ex).matched()).to(rule).end();
                        } else {
                            route.to(rule);
                        }
                    }
                    route.process(ex -> ex.getMessage().setBody(dispatcher.finish(dispatchOf(ex))));
                }
            });
            ids.add(dispatchId);
            LOG.debugf("rules of %s as routes, generation %d: %s", rs.source(), g, ids);
        } catch (Exception e) {
            remove(g);
            throw new IllegalStateException("the rules cannot be made into routes: " + e.getMessage(), e);
        }
    }

    /** The body of a dispatch exchange: the object opened, or the route stopped (nothing to route). */
    private void open(Exchange ex, RuleSet rs) throws Exception {
        Dispatch d = dispatcher.open(ex.getIn().getBody(Arrival.class), rs);
        if (d == null) {
            ex.getMessage().setBody(List.of());
            ex.setRouteStop(true);
        } else {
            ex.getMessage().setBody(d);
        }
    }

    private static Dispatch dispatchOf(Exchange ex) {
        return ex.getIn().getBody(Dispatch.class);
    }

    /** Stops and removes generation {@code g}'s routes (none are in flight: the gateway has switched away). */
    public void remove(int g) {
        List<String> ids = routeIds.remove(g);
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            try {
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
            } catch (Exception e) {
                LOG.warnf("cannot remove route %s: %s", id, e.getMessage());
            }
        }
    }

    /** A rule's match as a Camel predicate over the dispatch body. */
    record RulePredicate(Rule rule) implements Predicate {
        @Override
        public boolean matches(Exchange ex) {
            Dispatch d = dispatchOf(ex);
            return rule.match().test(d.arrival(), d.header());
        }

        @Override
        public String toString() {
            return "rule '" + rule.name() + "' (line " + rule.line() + ")";
        }
    }
}
