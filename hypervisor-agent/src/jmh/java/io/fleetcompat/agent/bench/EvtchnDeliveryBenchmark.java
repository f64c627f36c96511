package io.fleetcompat.agent.bench;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.guest.PortBinding;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import java.util.List;
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
 * One event through the model, 2-level against FIFO: a send (EVTCHNOP_send on an IPI port, or dom0 sending on
 * its end of the guest's xenstore channel) and the guest kernel's upcall handler consuming it. Each invocation
 * leaves the domain as it found it, so the figure is a steady-state cost per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class EvtchnDeliveryBenchmark {

    private static final int DOMU = 1;
    private static final int DOM0 = 0;

    /** TWO_LEVEL: the toolstack withholds evtchn_fifo (PROPOSED), so Linux falls back; FIFO: granted. */
    @Param({"TWO_LEVEL", "FIFO"})
    public AbiMode abi;

    @Param({"ipi", "interdomain"})
    public String channel;

    private XenHost host;
    private LinuxKernel kernel;
    private int sender;
    private EvtchnIn.Send send;

    @Setup(Level.Trial)
    public void boot() {
        host = XenHost.of(XenProfile.PROPOSED);
        Toolstack.Guest guest = new Toolstack(host)
                .createGuest(Toolstack.GuestSpec.hvm(DOMU, 2).withFifo(abi == AbiMode.FIFO)).orElseThrow();
        kernel = LinuxKernel.boot(host, DOMU, KernelProfile.LINUX_5_10,
                LinuxKernel.BootOptions.defaults(KernelProfile.LINUX_5_10));
        if (kernel.abi() != abi || host.inspect(DOMU).abi() != abi) {
            throw new IllegalStateException("guest booted " + kernel.abi() + ", wanted " + abi);
        }
        if (channel.equals("ipi")) {
            sender = DOMU;
            int port = kernel.bindings().stream().filter(b -> b.kind() == PortBinding.Kind.IPI && b.cpu() == 0)
                    .findFirst().orElseThrow().port();
            send = new EvtchnIn.Send(port);
        } else {
            // dom0's end of the xenstore channel: its send raises the guest's port.
            sender = DOM0;
            int dom0Port = host.eventChannelOp(DOMU, new EvtchnIn.Status(DOMU, guest.xenstorePort())).out().port();
            send = new EvtchnIn.Send(dom0Port);
        }
        // One round trip before measuring proves the event is delivered and handled, not lost.
        host.eventChannelOp(sender, send).out();
        if (kernel.consume(0).isEmpty()) {
            throw new IllegalStateException("the " + channel + " event was not handled under " + abi);
        }
    }

    @Benchmark
    public List<Integer> sendAndConsume() {
        host.eventChannelOp(sender, send);
        return kernel.consume(0);
    }
}
