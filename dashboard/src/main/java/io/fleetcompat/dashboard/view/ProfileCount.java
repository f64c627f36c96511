package io.fleetcompat.dashboard.view;

/** Hosts sharing a Xen profile and FIFO build switch. */
public record ProfileCount(String xenProfile, boolean fifoBuiltIn, int hosts) {
}
