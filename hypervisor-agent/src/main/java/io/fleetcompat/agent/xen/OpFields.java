package io.fleetcompat.agent.xen;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A hypercall's IN or OUT fields as an unmodifiable map built on first read: most observers look at a
 * hypercall's number and rc and never at its fields, so a published {@link XenEvent.Hypercall} does not pay for
 * them up front. The record it reads is immutable, so the map is too.
 */
final class OpFields extends AbstractMap<String, Long> {

    private final Supplier<Map<String, Long>> source;
    private Map<String, Long> fields;

    private OpFields(Supplier<Map<String, Long>> source) {
        this.source = source;
    }

    static Map<String, Long> in(EvtchnIn<?> in) {
        return in == null ? Map.of() : new OpFields(in::args);
    }

    static Map<String, Long> in(HvmIn in) {
        return in == null ? Map.of() : new OpFields(in::args);
    }

    /** The OUT fields Xen copied back: none when the op failed. */
    static Map<String, Long> out(OpResult<? extends EvtchnOut> result) {
        return result.isOk() ? new OpFields(() -> result.out().fields()) : Map.of();
    }

    private Map<String, Long> fields() {
        Map<String, Long> f = fields;
        return f != null ? f : (fields = Map.copyOf(source.get()));
    }

    @Override
    public Set<Entry<String, Long>> entrySet() {
        return fields().entrySet();
    }

    @Override
    public Long get(Object key) {
        return fields().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields().containsKey(key);
    }

    @Override
    public int size() {
        return fields().size();
    }
}
