package io.fleetcompat.stream.support;

import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.stream.errors.DeadLetterSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps the known-hosts dead letters in memory: TopologyTestDriver never sees a dedicated producer's output. */
public final class CapturingDeadLetterSink implements DeadLetterSink {

    private final List<DeadLetter> letters = new ArrayList<>();
    private Map<String, Object> appConfigs;

    @Override
    public synchronized void open(Map<String, Object> configs) {
        appConfigs = new java.util.HashMap<>(configs);
    }

    @Override
    public synchronized void send(DeadLetter letter) {
        if (appConfigs == null) {
            throw new IllegalStateException("send before open");
        }
        letters.add(letter);
    }

    @Override
    public void close() {
    }

    /** The letters sent so far, and forgets them. */
    public synchronized List<DeadLetter> drain() {
        List<DeadLetter> drained = List.copyOf(letters);
        letters.clear();
        return drained;
    }
}
