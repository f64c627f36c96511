package io.fleetcompat.dashboard.view;

/** A rollout gate with its measured value against its threshold. */
public record GateView(String gate, String verdict, double observed, double threshold, String detail) {
}
