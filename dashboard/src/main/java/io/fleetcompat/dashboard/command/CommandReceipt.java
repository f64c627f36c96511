package io.fleetcompat.dashboard.command;

/** What the caller gets back once the command is on fleet.commands. */
public record CommandReceipt(String commandId, String action, String target, String actor, long issuedAt,
                             String topic, int partition, long offset) {
}
