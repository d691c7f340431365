package org.dmask.dimse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code dmask.dimse.*}: the DICOM SCP and SCU. Every limit has a bound here; nothing is unbounded. */
@ConfigMapping(prefix = "dmask.dimse")
public interface DimseConfig {

    Scp scp();

    Scu scu();

    interface Scp {
        /** Start the SCP with {@code dmask serve}. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        /** 0: any free port. */
        @WithDefault("11112")
        int port();

        /** Called AE titles answered. */
        @WithDefault("DMASK")
        List<String> aeTitles();

        /** Per called AE title: who may call it and what it accepts (absent: anyone, everything). */
        Map<String, Ae> ae();

        @WithDefault("32")
        int maxAssociations();

        /**
         * A connection must have sent its whole A-ASSOCIATE-RQ (after the TLS handshake, if any) this soon after it
         * opened; otherwise it is closed. Such connections do not take association slots.
         */
        @WithDefault("5s")
        Duration requestTimeout();

        /** Connections waiting for their A-ASSOCIATE-RQ at once; one more closes the one that waited longest. */
        @WithDefault("64")
        int maxPendingConnections();

        /** Connections (waiting or associated) from one source address; one more is closed at once. */
        @WithDefault("16")
        int maxAssociationsPerAddress();

        /** Largest PDU we receive (announced in A-ASSOCIATE-AC). */
        @WithDefault("262144")
        int maxPduLength();

        /** Largest data set accepted, in bytes (default 64 GiB). */
        @WithDefault("68719476736")
        long maxObjectSize();

        /** ARTIM: waiting for A-ASSOCIATE-RQ, release and close. */
        @WithDefault("10s")
        Duration artimTimeout();

        /** An association idle this long is aborted. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Where received objects are made durable. */
        @WithDefault("data/spool")
        String spoolDirectory();

        /** power-loss (fsync before success) or process (survives kill -9, not power loss). */
        @WithDefault("power-loss")
        String durability();

        Tls tls();
    }

    interface Ae {
        Optional<List<String>> allowedCallingAeTitles();

        /** Addresses or CIDR ranges. */
        Optional<List<String>> allowedAddresses();

        /** "name" or "name:sha256-of-passcode-in-hex"; when set, a user identity is required. */
        Optional<List<String>> allowedUsers();

        Optional<Set<String>> sopClasses();

        Optional<Set<String>> transferSyntaxes();
    }

    interface Scu {
        @WithDefault("DMASK")
        String aeTitle();

        @WithDefault("10s")
        Duration artimTimeout();

        @WithDefault("60s")
        Duration idleTimeout();

        @WithDefault("262144")
        int maxPduLength();

        Tls tls();
    }

    interface Tls {
        @WithDefault("false")
        boolean enabled();

        Optional<String> keyStore();

        Optional<String> keyStorePassword();

        @WithDefault("PKCS12")
        String keyStoreType();

        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        @WithDefault("PKCS12")
        String trustStoreType();

        /** SCP: require a client certificate. */
        @WithDefault("false")
        boolean clientAuth();
    }
}
