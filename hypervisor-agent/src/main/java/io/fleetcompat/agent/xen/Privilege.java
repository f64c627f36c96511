package io.fleetcompat.agent.xen;

/** §2.4 under the default policy (no XSM module). */
final class Privilege {

    private Privilege() {
    }

    /**
     * The target itself, the control domain, or the target's device-model domain. The xenstore domain is not
     * privileged here.
     */
    static boolean privilegedOver(Domain caller, Domain target) {
        return caller == target || caller.isPrivileged() || target.config().deviceModelDomid() == caller.domid();
    }
}
