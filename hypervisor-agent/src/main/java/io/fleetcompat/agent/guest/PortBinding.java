package io.fleetcompat.agent.guest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One port the guest kernel believes it owns, with the CPU its handler runs on. Kernels of one kind bind the
 * same ports in the same order, so the factories hand out one shared instance per binding for the usual low
 * ports and CPUs: a fleet of images then holds a few dozen of them, not eight per image.
 */
public record PortBinding(int port, Kind kind, int cpu, String label, int virq) {

    public enum Kind {
        VIRQ, IPI, INTERDOMAIN
    }

    private static final int SHARED_PORTS = 256;
    private static final int SHARED_CPUS = 64;
    private static final Map<PortBinding, PortBinding> SHARED = new ConcurrentHashMap<>();

    public static PortBinding virq(int port, int virq, int cpu, String label) {
        return shared(new PortBinding(port, Kind.VIRQ, cpu, label, virq));
    }

    public static PortBinding ipi(int port, int cpu, String label) {
        return shared(new PortBinding(port, Kind.IPI, cpu, label, 0));
    }

    public static PortBinding interdomain(int port, String label) {
        return shared(new PortBinding(port, Kind.INTERDOMAIN, 0, label, 0));
    }

    private static PortBinding shared(PortBinding b) {
        boolean usual = b.port >= 0 && b.port < SHARED_PORTS && b.cpu >= 0 && b.cpu < SHARED_CPUS
                && b.virq >= 0 && b.virq < SHARED_PORTS && b.label.length() <= 16;
        return usual ? SHARED.computeIfAbsent(b, k -> k) : b;
    }
}
