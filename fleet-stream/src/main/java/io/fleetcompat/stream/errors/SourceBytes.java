package io.fleetcompat.stream.errors;

/** Where a record came from and its bytes, kept in memory until the record is folded or dead-lettered. */
public record SourceBytes(String topic, int partition, long offset, byte[] key, byte[] value) {
}
