package io.fleetcompat.agent.xen;

/** Host architecture; decides the arch part of createdomain sanitisation (§1.2 step 6). */
public enum Arch {
    X86, ARM
}
