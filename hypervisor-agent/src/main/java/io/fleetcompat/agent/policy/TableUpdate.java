package io.fleetcompat.agent.policy;

/** What one fleet.policy record did to the table. */
public sealed interface TableUpdate {

    /** A new target, or a higher version of a known one. */
    record Applied(String key, long version, Long previousVersion) implements TableUpdate {
    }

    /** The version the table already holds (a re-read): nothing changes. */
    record Unchanged(String key, long version) implements TableUpdate {
    }

    /** A lower version than the table holds: refused, the higher one stays. */
    record Regression(String key, long offered, long held) implements TableUpdate {
    }

    /** A record that cannot be a directive for its key (e.g. the key does not match the target, or a tombstone). */
    record Invalid(String key, String why) implements TableUpdate {
    }

    /** True when the record must be reported as a dead letter. */
    default boolean isRefused() {
        return this instanceof Regression || this instanceof Invalid;
    }

    /** True when the table's content changed. */
    default boolean changesTable() {
        return this instanceof Applied;
    }
}
