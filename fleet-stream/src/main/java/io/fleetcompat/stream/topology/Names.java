package io.fleetcompat.stream.topology;

/**
 * Names of every store, processor and internal topic, fixed so that a topology change never renames a
 * changelog or repartition topic (Kafka's "Naming Operators" guide). Tests and the REST layer import these.
 */
public final class Names {

    public static final String GUEST_STATE_STORE = "guest-state-store";
    public static final String FAMILY_STATE_STORE = "family-state-store";
    public static final String KNOWN_HOSTS_STORE = "known-hosts-store";
    /** Dedup windows of events without a guest (domain-less PolicyAcks, control-domain hypercalls), by record key. */
    public static final String GUESTLESS_SEQUENCES_STORE = "guestless-sequences-store";
    /** Each guest task's copy of the family directives denying evtchn_fifo, by family key. */
    public static final String FAMILY_DENIALS_STORE = "family-denials-store";
    /** Hibernated guests whose pending image is FIFO, by {@code <kernel family>|<guest id>}, in the guest's task. */
    public static final String FIFO_IMAGES_STORE = "fifo-images-store";
    /** Pins with an expiry (lift condition AFTER_TIME): guest id -> expiry time, in the guest's task. */
    public static final String PIN_EXPIRIES_STORE = "pin-expiries-store";
    /** Guest events waiting for their host's first HostStatus, per guest key. */
    public static final String PARKED_EVENTS_STORE = "parked-events-store";

    /** Repartition topics (the application id is prepended, "-repartition" appended). */
    public static final String GUEST_COMMANDS_REPARTITION = "guest-commands";
    public static final String FAMILY_INPUTS_REPARTITION = "family-inputs";
    /** Family directives, copied to every partition so that every guest task sees each one. */
    public static final String FAMILY_DIRECTIVES_REPARTITION = "family-directives";

    public static final String DECODE_EVENTS = "decode-fleet-events";
    public static final String DECODE_COMMANDS = "decode-fleet-commands";
    public static final String ROUTE_COMMANDS = "route-operator-commands";
    public static final String GUEST_PROCESSOR = "guest-event-processor";
    public static final String FAMILY_PROCESSOR = "family-rollout-processor";
    public static final String FAMILY_DENIAL_PROCESSOR = "family-denial-processor";
    public static final String HOSTS_PROCESSOR = "known-hosts-updater";

    private Names() {
    }
}
