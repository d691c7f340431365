package org.dmask.dimse;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a {@link StoreScp} needs, as plain values so that it runs without Quarkus: where it listens, the called
 * AE titles it answers to and their rules, limits, and the spool directory.
 *
 * @param maxAssociations associations served at once; one more is rejected with "local limit exceeded"
 * @param maxObjectSize   largest data set accepted, in bytes; a larger one aborts the association
 * @param tls             null for plain TCP
 * @param connections     limits per connection before its association, and per source address
 * @param durability      when a received object counts as stored (and success is answered)
 */
public record ScpSettings(String host, int port, Map<String, AeSettings> aeTitles, int maxAssociations,
        AssociationLimits limits, long maxObjectSize, Path spoolDirectory, TlsSettings tls,
        ConnectionLimits connections, Durability durability) {

    /** Power-loss safe ({@link Durability#POWER_LOSS}). */
    public ScpSettings(String host, int port, Map<String, AeSettings> aeTitles, int maxAssociations,
            AssociationLimits limits, long maxObjectSize, Path spoolDirectory, TlsSettings tls,
            ConnectionLimits connections) {
        this(host, port, aeTitles, maxAssociations, limits, maxObjectSize, spoolDirectory, tls, connections,
                Durability.POWER_LOSS);
    }

    /** With {@link ConnectionLimits#defaults()}. */
    public ScpSettings(String host, int port, Map<String, AeSettings> aeTitles, int maxAssociations,
            AssociationLimits limits, long maxObjectSize, Path spoolDirectory, TlsSettings tls) {
        this(host, port, aeTitles, maxAssociations, limits, maxObjectSize, spoolDirectory, tls,
                ConnectionLimits.defaults());
    }

    public ScpSettings {
        aeTitles = Map.copyOf(aeTitles);
        if (aeTitles.isEmpty()) {
            throw new IllegalArgumentException("the SCP needs at least one AE title");
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("max associations must be at least 1: " + maxAssociations);
        }
        if (maxObjectSize < 1) {
            throw new IllegalArgumentException("max object size must be positive: " + maxObjectSize);
        }
        if (connections == null) {
            connections = ConnectionLimits.defaults();
        }
        if (durability == null) {
            durability = Durability.POWER_LOSS;
        }
    }

    /** One AE title accepting everything from anyone, on 127.0.0.1 and the given port (0: any free port). */
    public static ScpSettings localDefaults(String aeTitle, int port, Path spool) {
        return new ScpSettings("127.0.0.1", port, Map.of(aeTitle, AeSettings.acceptAll()), 16,
                AssociationLimits.defaults(), 64L * 1024 * 1024 * 1024, spool, null);
    }

    public ScpSettings withMaxAssociations(int n) {
        return new ScpSettings(host, port, aeTitles, n, limits, maxObjectSize, spoolDirectory, tls, connections, durability);
    }

    public ScpSettings withLimits(AssociationLimits l) {
        return new ScpSettings(host, port, aeTitles, maxAssociations, l, maxObjectSize, spoolDirectory, tls, connections, durability);
    }

    public ScpSettings withAeTitles(Map<String, AeSettings> aes) {
        return new ScpSettings(host, port, aes, maxAssociations, limits, maxObjectSize, spoolDirectory, tls, connections, durability);
    }

    public ScpSettings withMaxObjectSize(long max) {
        return new ScpSettings(host, port, aeTitles, maxAssociations, limits, max, spoolDirectory, tls, connections, durability);
    }

    public ScpSettings withTls(TlsSettings t) {
        return new ScpSettings(host, port, aeTitles, maxAssociations, limits, maxObjectSize, spoolDirectory, t, connections);
    }

    public ScpSettings withDurability(Durability d) {
        return new ScpSettings(host, port, aeTitles, maxAssociations, limits, maxObjectSize, spoolDirectory, tls,
                connections, d);
    }

    public ScpSettings withConnectionLimits(ConnectionLimits c) {
        return new ScpSettings(host, port, aeTitles, maxAssociations, limits, maxObjectSize, spoolDirectory, tls, c, durability);
    }
}
