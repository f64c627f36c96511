package io.fleetcompat.agent.xen;

/** Result of the pause/unpause/destroy domctls: the domain and its controller pause count afterwards. */
public record DomctlOut(int domid, int controllerPauseCount) {
}
