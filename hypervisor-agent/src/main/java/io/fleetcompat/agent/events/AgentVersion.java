package io.fleetcompat.agent.events;

/** The agent's version as written in every header: the jar manifest's, or "dev" when run from classes. */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
