package io.fleetcompat.agent.guest;

/** Which guest OS a kernel profile belongs to. */
public enum KernelFamily {
    LINUX, WINDOWS
}
