package io.fleetcompat.faults.support;

import java.nio.file.Path;

/** The fault tests' fleet: 16 hosts (half legacy, retired at 12 s), 200 guests, 40 operations a second. */
public final class Scenarios {

    private Scenarios() {
    }

    public static Path faults() {
        return Fleet.home().resolve("deploy/fault-tests/src/test/resources/faults.json");
    }
}
