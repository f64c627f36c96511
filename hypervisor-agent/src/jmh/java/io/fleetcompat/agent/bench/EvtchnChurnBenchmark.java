package io.fleetcompat.agent.bench;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.DomainConfig;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.OpResult;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Port churn: bind_ipi then close, the allocator's lowest-free scan included. {@code busyPorts} ports stay bound
 * below the churned one, so the scan length is part of what is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class EvtchnChurnBenchmark {

    private static final int DOMU = 1;
    /** hvm | hap | evtchn_fifo in the PROPOSED layout. */
    private static final int HVM_HAP_FIFO = 0x3 | 1 << 7;

    @Param({"TWO_LEVEL", "FIFO"})
    public AbiMode abi;

    @Param({"0", "500"})
    public int busyPorts;

    private XenHost host;
    private final EvtchnIn.BindIpi bind = new EvtchnIn.BindIpi(0);

    @Setup(Level.Trial)
    public void createDomain() {
        host = XenHost.of(XenProfile.PROPOSED);
        host.createDomain(DomainConfig.of(DOMU, HVM_HAP_FIFO, 2));
        if (abi == AbiMode.FIFO) {
            host.eventChannelOp(DOMU, new EvtchnIn.InitControl(0x1000, 0, 0)).out();
            host.eventChannelOp(DOMU, new EvtchnIn.ExpandArray(0x2000)).out();
        }
        for (int i = 0; i < busyPorts; i++) {
            host.eventChannelOp(DOMU, bind).out();
        }
    }

    @Benchmark
    public OpResult<?> bindIpiAndClose() {
        int port = host.eventChannelOp(DOMU, bind).out().port();
        return host.eventChannelOp(DOMU, new EvtchnIn.Close(port));
    }
}
