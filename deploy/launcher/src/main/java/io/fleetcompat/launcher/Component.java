package io.fleetcompat.launcher;

import java.util.Locale;

/** The processes ./fleet can start; the names are the sub-commands and the keys of components.properties. */
public enum Component {
    BROKER("embedded Kafka broker"),
    STREAM("fleet-stream"),
    DASHBOARD("dashboard"),
    SIMULATE("fleet simulator"),
    AGENT("host agent"),
    HV("hv console"),
    REPLAY("fleet-stream replay");

    private final String description;

    Component(String description) {
        this.description = description;
    }

    /** The key prefix in components.properties and the sub-command name. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
