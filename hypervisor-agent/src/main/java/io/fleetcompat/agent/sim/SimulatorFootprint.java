package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.HypercallReporting;
import io.fleetcompat.agent.xen.XenProfile;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * A measurement, not a test: heap per 1,000 simulated hosts once the fleet is warmed up, and records/s and
 * operations/s of an unpaced run, per second of wall time and per second of the simulating thread's CPU time
 * (the latter is what a busy shared machine cannot distort). Arguments: hosts (default 1000), guests per host
 * (25), measured steps (200000). Run with a fixed heap so GC noise is comparable, from the repository root of a
 * fresh checkout:
 * <pre>
 * ./mvnw -B -pl hypervisor-agent -am package -DskipTests
 * java -Xmx2g -cp "hypervisor-agent/target/hypervisor-agent-0.1.0-SNAPSHOT.jar:hypervisor-agent/target/lib/*" \
 *   io.fleetcompat.agent.sim.SimulatorFootprint 10000 20 200000
 * </pre>
 */
public final class SimulatorFootprint {

    private SimulatorFootprint() {
    }

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int guestsPerHost = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        long steps = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
        Scenario scenario = scenario(hosts, guestsPerHost);

        long baseline = usedHeapAfterGc();
        Simulator sim = Simulator.offline(scenario, 42, event -> { });
        long empty = usedHeapAfterGc() - baseline;
        // Warm-up: enough steps for most guests to have booted and some to have hibernated.
        sim.run(RunLimit.steps(3L * scenario.guestCount()), Pacing.UNPACED);
        long warm = usedHeapAfterGc() - baseline;

        SimulationSummary before = sim.run(RunLimit.steps(1), Pacing.UNPACED);
        long gcBefore = gcMillis();
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SimulationSummary after = sim.run(RunLimit.steps(steps), Pacing.UNPACED);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double gcSeconds = (gcMillis() - gcBefore) / 1e3;
        long events = after.events() - before.events();

        double perThousand = 1000.0 / hosts;
        System.out.printf("hosts %d, guests %d (%d per host), hypercall records %s%n", hosts,
                scenario.guestCount(), guestsPerHost, scenario.hypercalls());
        System.out.printf("heap after creation: %.1f MiB (%.1f MiB per 1,000 hosts)%n", mib(empty),
                mib(empty) * perThousand);
        System.out.printf("heap after warm-up:  %.1f MiB (%.1f MiB per 1,000 hosts)%n", mib(warm),
                mib(warm) * perThousand);
        System.out.printf("run: %d steps in %.1f s: %.0f ops/s, %.0f records/s (%d records)%n", steps, seconds,
                steps / seconds, events / seconds, events);
        System.out.printf("per CPU second of the simulating thread (%.1f s CPU, %.1f s GC pauses): %.0f ops/s, "
                + "%.0f records/s%n", cpuSeconds, gcSeconds, steps / cpuSeconds, events / cpuSeconds);
        System.out.printf("guests by state: %s; resumes %s%n", after.guestsByState(), after.resumes());
    }

    /** The demo's mix at any size: half legacy hosts, half PROPOSED, the demo's guest shares, no wave. */
    public static Scenario scenario(int hosts, int guestsPerHost) {
        int guests = hosts * guestsPerHost;
        int legacy = hosts / 2;
        return new Scenario("footprint", 42,
                List.of(new Scenario.HostGroup("legacy", XenProfile.LEGACY_2L, true, legacy),
                        new Scenario.HostGroup("modern", XenProfile.PROPOSED, true, hosts - legacy)),
                List.of(new Scenario.GuestGroup("fifo-aware-on-legacy", "linux-5.10", guests * 66 / 100,
                                XenProfile.LEGACY_2L, 2),
                        new Scenario.GuestGroup("fifo-aware-on-modern", "linux-5.10", guests * 12 / 100,
                                XenProfile.PROPOSED, 2),
                        new Scenario.GuestGroup("old-kernel", "linux-3.10", guests * 12 / 100, XenProfile.LEGACY_2L, 1),
                        new Scenario.GuestGroup("windows", "windows-pv-9.0", guests - guests * 90 / 100,
                                XenProfile.PROPOSED, 2)),
                new Scenario.Rates(500, 6, 4, 1, 3, 1, 0.5), List.of(), 0.15, HypercallReporting.ABI_RELEVANT);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
