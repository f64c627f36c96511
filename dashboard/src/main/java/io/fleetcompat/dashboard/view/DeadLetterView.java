package io.fleetcompat.dashboard.view;

/**
 * One undecodable or unprocessable record.
 *
 * @param valueHead the first bytes of the original value, in hex, to recognise what was sent
 */
public record DeadLetterView(
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String errorKind,
        String errorMessage,
        String sourceComponent,
        long failedAt,
        String valueHead) {
}
