package org.dmask.route.rules;

import org.dmask.route.delivery.TargetSpec;

import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.ObjectHeader;
import org.dmask.route.delivery.Job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One object on its way through the rule routes (the body of their exchanges): what arrived, its header, the rules
 * of the generation that routes it, and the jobs the matching rules have asked for so far.
 */
final class Dispatch {

    private final Arrival arrival;
    private final ObjectHeader header;
    private final String study;
    private final String instance;
    private final RuleSet rules;
    private final String objectId = UUID.randomUUID() + ".dcm";
    private final long created = System.currentTimeMillis();
    private final List<Job> jobs = new ArrayList<>();
    private final Set<String> deliveries = new HashSet<>();
    private boolean matched;

    Dispatch(Arrival arrival, ObjectHeader header, String study, String instance, RuleSet rules) {
        this.arrival = arrival;
        this.header = header;
        this.study = study;
        this.instance = instance;
        this.rules = rules;
    }

    Arrival arrival() {
        return arrival;
    }

    ObjectHeader header() {
        return header;
    }

    /** The pseudonymous study ID (never the original UID). */
    String study() {
        return study;
    }

    /** The pseudonymous SOP Instance UID (never the original), for logs. */
    String instance() {
        return instance;
    }

    /** How logs name the object: by its pseudonymous UIDs only. */
    String label() {
        return "instance " + instance + " (study " + study + ")";
    }

    RuleSet rules() {
        return rules;
    }

    /** Whether a rule has taken the object (first-match mode stops there). */
    boolean matched() {
        return matched;
    }

    List<Job> jobs() {
        return jobs;
    }

    /** The jobs of a matching rule, one per target; two rules asking for the same delivery make one job. */
    void take(Rule r) {
        matched = true;
        for (String t : r.targets()) {
            if (!deliveries.add(t + "|" + r.profile() + "|" + r.mask() + "|" + r.cleanPixelData() + "|"
                    + r.allowUncleanedPixels())) {
                continue;
            }
            TargetSpec spec = rules.targets().get(t);
            jobs.add(new Job(UUID.randomUUID().toString(), objectId, r.name(), t, spec.uri(), r.profile(), r.mask(),
                    r.cleanPixelData(), r.allowUncleanedPixels(), Job.State.QUEUED, 0, created, created, null, arrival.callingAET(), header.sopClassUID(),
                    header.transferSyntaxUID(), study, instance));
        }
    }

    String objectId() {
        return objectId;
    }
}
