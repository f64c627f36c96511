package io.fleetcompat.dashboard.view;

/**
 * One chart bucket, by event time.
 *
 * @param hazards 2-level hibernation images written by FIFO-aware kernels (the dashboard's approximation;
 *                fleet-stream's detections are authoritative)
 * @param failures failed or unhealthy resumes
 * @param policies directives published on fleet.policy
 * @param events fleet.events records
 */
public record SeriesPoint(long bucketStart, int hazards, int failures, int policies, int events) {
}
