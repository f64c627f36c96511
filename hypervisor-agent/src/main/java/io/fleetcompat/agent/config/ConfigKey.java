package io.fleetcompat.agent.config;

/**
 * Every setting of the agent, declared once: its key (in a properties file), its command-line option, its
 * default (null = required) and one sentence of documentation. The CLI options and the sample file are
 * generated from this list.
 */
public enum ConfigKey {
    BOOTSTRAP_SERVERS("bootstrap.servers", null,
            "Kafka bootstrap servers, comma-separated host:port pairs."),
    HOST_ID("host.id", null,
            "This host's stable identity: the key of its heartbeats and, with the sequence, of duplicate removal."),
    XEN_PROFILE("xen.profile", "PROPOSED",
            "The Xen behaviour of this host: one of LEGACY_2L, XEN_4_14_0, XEN_2020, V4_SERIES, V5_SERIES, PROPOSED, UPSTREAM_NOW."),
    FIFO_BUILT_IN("fifo.built.in", "true",
            "Whether this host's Xen was built with FIFO event channels (true or false)."),
    OUTBOX_DIR("outbox.dir", "agent-state/outbox",
            "Directory of the durable outbox log; must survive restarts and be private to this agent process."),
    OUTBOX_MAX_BYTES("outbox.max.bytes", "256m",
            "Bound on the outbox's disk use (bytes, or with suffix k, m, g); events beyond it are refused and an alarm is raised."),
    OUTBOX_SEGMENT_BYTES("outbox.segment.bytes", "8m",
            "Size of one outbox segment file (bytes, or with suffix k, m, g); drained segments are deleted whole."),
    OUTBOX_FSYNC_POLICY("outbox.fsync.policy", "INTERVAL",
            "When appended events are forced to disk: ALWAYS, EVERY_N or INTERVAL."),
    OUTBOX_FSYNC_EVERY_N("outbox.fsync.every.n", "100",
            "With fsync policy EVERY_N, the number of appends between two syncs."),
    OUTBOX_FSYNC_INTERVAL_MS("outbox.fsync.interval.ms", "200",
            "With fsync policy INTERVAL, the milliseconds between two syncs."),
    HEARTBEAT_INTERVAL_MS("heartbeat.interval.ms", "30000",
            "Milliseconds between two HostStatus heartbeats on fleet.hosts."),
    HYPERCALL_SAMPLE_RATE("hypercall.sample.rate", "0.01",
            "Fraction in [0, 1] of ordinary hypercall results sent; failures, FIFO commands and upcall-vector calls are always sent."),
    HYPERCALL_SAMPLE_SEED("hypercall.sample.seed", "0",
            "Seed of the hypercall sampling, so that a run is reproducible."),
    POLICY_TABLE_FILE("policy.table.file", "agent-state/policy-table.json",
            "File holding the last known policy table, so that a restart without Kafka still applies it."),
    POLICY_VERIFY("policy.verify", "REQUIRED",
            "REQUIRED: apply and store only directives signed by a trusted key (policy.trusted.keys); OFF, for tests and offline runs only: apply any directive."),
    POLICY_TRUSTED_KEYS("policy.trusted.keys", "",
            "Comma-separated public key files, or directories of them (*.pem, *.pub, *.crt; the key id is the file name without the extension), whose signatures on fleet.policy the agent accepts: several during a key rotation."),
    EDGE_FAILSAFE_MODE("edge.failsafe.mode", "ENFORCE",
            "What the agent does at the resume of a 2-level hibernation image of a FIFO-aware kernel on a FIFO host when no directive speaks for it: ENFORCE denies evtchn_fifo itself, ADVISE (or OBSERVE) only reports it, OFF does nothing."),
    EDGE_FAILSAFE_FAMILIES("edge.failsafe.families", "",
            "Per kernel family overrides of edge.failsafe.mode, comma-separated FAMILY=MODE pairs, e.g. linux-5.10=ADVISE.");

    /** Prefix of Kafka client settings passed through unchanged (e.g. kafka.security.protocol=SSL). */
    public static final String KAFKA_PREFIX = "kafka.";

    private final String key;
    private final String defaultValue;
    private final String doc;

    ConfigKey(String key, String defaultValue, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    /** The command-line option, e.g. {@code --outbox-max-bytes}. */
    public String option() {
        return "--" + key.replace('.', '-');
    }

    /** Null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }
}
