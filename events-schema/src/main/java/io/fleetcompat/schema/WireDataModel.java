package io.fleetcompat.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model the codec reads and writes with. Two differences from {@code SpecificData.get()}:
 * <ul>
 *   <li>It knows timestamp-millis, so an {@code Instant} inside a union nested in an array (e.g.
 *       RolloutWave.started_at) is written and read; the shared default model only knows the
 *       conversions of top-level fields.</li>
 *   <li>Arrays decode into {@link ArrayList}: Avro's own array class compares elements with the default
 *       model and fails on such nested Instants, and its capacity would come from an untrusted count (maps
       likewise: their initial capacity is capped).</li>
 * </ul>
 */
final class WireDataModel extends SpecificData {

    /** Initial capacity cap, so a forged block count cannot make the reader allocate a huge array. */
    private static final int MAX_INITIAL_CAPACITY = 256;

    static final WireDataModel INSTANCE = new WireDataModel();

    private WireDataModel() {
        super(WireDataModel.class.getClassLoader());
        addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    @Override
    public Object newMap(Object old, int size) {
        if (old instanceof Map<?, ?> reused) {
            reused.clear();
            return reused;
        }
        return new HashMap<>(Math.min(Math.max(size, 0), MAX_INITIAL_CAPACITY));
    }

    @Override
    public Object newArray(Object old, int size, Schema schema) {
        if (old instanceof Collection<?> reused) {
            reused.clear();
            return reused;
        }
        return new ArrayList<>(Math.min(Math.max(size, 0), MAX_INITIAL_CAPACITY));
    }
}
