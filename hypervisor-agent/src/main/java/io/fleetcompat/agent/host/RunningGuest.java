package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.guest.WindowsPvKernel;
import io.fleetcompat.agent.xen.AbiMode;

/** A guest with a domain on this host: its kernel model and the controls its domain was created with. */
record RunningGuest(GuestSpec spec, int domid, Controls controls, BootedKernel kernel, boolean hung) {

    /** The kernel running in the domain; only Linux can hibernate or be saved in the model. */
    sealed interface BootedKernel {
        AbiMode abi();

        record Linux(LinuxKernel kernel) implements BootedKernel {
            public AbiMode abi() {
                return kernel.abi();
            }
        }

        record Windows(WindowsPvKernel kernel) implements BootedKernel {
            public AbiMode abi() {
                return kernel.abi();
            }
        }
    }

    LinuxKernel linux() {
        return ((BootedKernel.Linux) kernel).kernel();
    }

    boolean isLinux() {
        return kernel instanceof BootedKernel.Linux;
    }
}
