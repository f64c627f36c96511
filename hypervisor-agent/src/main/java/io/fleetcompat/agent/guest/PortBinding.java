package io.fleetcompat.agent.guest;

/** One port the guest kernel believes it owns, with the CPU its handler runs on. */
public record PortBinding(int port, Kind kind, int cpu, String label, int virq) {

    public enum Kind {
        VIRQ, IPI, INTERDOMAIN
    }

    public static PortBinding virq(int port, int virq, int cpu, String label) {
        return new PortBinding(port, Kind.VIRQ, cpu, label, virq);
    }

    public static PortBinding ipi(int port, int cpu, String label) {
        return new PortBinding(port, Kind.IPI, cpu, label, 0);
    }

    public static PortBinding interdomain(int port, String label) {
        return new PortBinding(port, Kind.INTERDOMAIN, 0, label, 0);
    }
}
