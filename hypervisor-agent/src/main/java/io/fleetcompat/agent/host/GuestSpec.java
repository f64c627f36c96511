package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.KernelFamily;
import io.fleetcompat.agent.guest.KernelProfile;

/**
 * A guest as the toolstack knows it across hosts: its identity (the instance id every event is keyed by), the
 * kernel it boots and its domain shape. Windows PV guests are always HVM.
 */
public record GuestSpec(String instanceId, KernelProfile kernel, int vcpus, boolean hvm) {

    public GuestSpec {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instance id is required");
        }
        if (kernel == null) {
            throw new IllegalArgumentException("kernel profile is required");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, was " + vcpus);
        }
        if (kernel.family() == KernelFamily.WINDOWS && !hvm) {
            throw new IllegalArgumentException("Windows PV guests run in HVM domains");
        }
    }

    /** An HVM guest, the shape every kernel of the model supports. */
    public static GuestSpec hvm(String instanceId, KernelProfile kernel, int vcpus) {
        return new GuestSpec(instanceId, kernel, vcpus, true);
    }

    public boolean isWindows() {
        return kernel.family() == KernelFamily.WINDOWS;
    }

    /** The family string family-level directives select on (GuestKernelProfile.family, e.g. "linux-5.10"). */
    public String policyFamily() {
        return kernel.name();
    }
}
