package org.dmask.route.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dmask.mask.MaskMode;
import org.dmask.route.delivery.Job;

/**
 * One Kafka record of the job log: an object in the store and the jobs (one per target, with the rule's choices at
 * acceptance) still to be done for it. The record's key is the object's key, its value this JSON (UTF-8, version 1):
 *
 * <pre>
 * {"v":1, "object":"&lt;uuid&gt;.dcm", "kind":"video", "attempt":0, "created":&lt;epoch ms&gt;,
 *  "notBefore":&lt;epoch ms&gt;,
 *  "jobs":[{"id":..., "rule":..., "target":..., "targetUri":..., "profile":..., "mask":"full",
 *           "cleanPixelData":null, "allowUncleanedPixels":false, "attempts":0, "lastError":null,
 *           "callingAet":..., "sopClass":..., "transferSyntax":..., "study":&lt;pseudonym&gt;,
 *           "instance":&lt;pseudonym&gt;}]}
 * </pre>
 *
 * No original identifier is in it: study and instance are the keyed pseudonyms the logs use.
 *
 * @param attempt   how many times the object's jobs were tried before (0 on the jobs topics)
 * @param created   when the ingest node accepted the object: the start of the maximum age
 * @param notBefore on the retry topic, when the jobs are due again (epoch ms)
 */
public record JobRecord(String object, JobKind kind, int attempt, long created, long notBefore, List<Job> jobs) {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public JobRecord {
        jobs = List.copyOf(jobs);
    }

    /** The record of an object the rules just took: kind from its SOP class and transfer syntax. */
    public static JobRecord accepted(String object, List<Job> jobs) {
        Job first = jobs.get(0);
        JobKind kind = org.dmask.route.spool.VideoSopClasses.isVideo(first.sopClassUID(), first.transferSyntaxUID())
                ? JobKind.VIDEO : JobKind.IMAGE;
        return new JobRecord(object, kind, 0, first.created(), first.created(), jobs);
    }

    /** The same object with only these jobs, tried once more, due at {@code notBefore}. */
    public JobRecord retry(List<Job> remaining, long notBefore) {
        return new JobRecord(object, kind, attempt + 1, created, notBefore, remaining);
    }

    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("object", object);
        n.put("kind", kind.configName());
        n.put("attempt", attempt);
        n.put("created", created);
        n.put("notBefore", notBefore);
        ArrayNode a = n.putArray("jobs");
        for (Job j : jobs) {
            ObjectNode o = a.addObject();
            o.put("id", j.id());
            o.put("rule", j.rule());
            o.put("target", j.target());
            o.put("targetUri", j.targetUri());
            o.put("profile", j.profile());
            o.put("mask", j.mask().configName());
            o.put("cleanPixelData", j.cleanPixelData());
            o.put("allowUncleanedPixels", j.allowUncleanedPixels());
            o.put("attempts", j.attempts());
            o.put("lastError", j.lastError());
            o.put("callingAet", j.callingAET());
            o.put("sopClass", j.sopClassUID());
            o.put("transferSyntax", j.transferSyntaxUID());
            o.put("study", j.study());
            o.put("instance", j.instance());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a record's value; {@link IllegalArgumentException} naming what is wrong when it is not one. */
    public static JobRecord fromJson(byte[] value) {
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || n.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("not a dmask job record of version " + VERSION);
        }
        String object = required(n, "object");
        JobKind kind = JobKind.valueOf(required(n, "kind").toUpperCase(java.util.Locale.ROOT));
        long created = n.path("created").asLong();
        List<Job> jobs = new ArrayList<>();
        for (JsonNode o : n.path("jobs")) {
            MaskMode mask = MaskMode.parse(required(o, "mask"));
            if (mask == null) {
                throw new IllegalArgumentException("unknown mask mode '" + o.path("mask").asText() + "'");
            }
            JsonNode clean = o.path("cleanPixelData");
            jobs.add(new Job(required(o, "id"), object, required(o, "rule"), required(o, "target"),
                    required(o, "targetUri"), text(o, "profile"), mask,
                    clean.isBoolean() ? clean.booleanValue() : null, o.path("allowUncleanedPixels").asBoolean(),
                    Job.State.QUEUED, o.path("attempts").asInt(), created, created, text(o, "lastError"),
                    text(o, "callingAet"), text(o, "sopClass"), text(o, "transferSyntax"), text(o, "study"),
                    text(o, "instance")));
        }
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a job record without jobs");
        }
        return new JobRecord(object, kind, n.path("attempt").asInt(), created, n.path("notBefore").asLong(), jobs);
    }

    private static String required(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("a job record without '" + field + "'");
        }
        return s;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
