package io.fleetcompat.schema;

import org.apache.avro.specific.SpecificRecord;

/**
 * Run in a fresh JVM by {@link TrustWithoutSystemPropertyTest}: round-trips every sample record in a
 * process that never set org.apache.avro.SERIALIZABLE_PACKAGES, as the agent or a CLI might.
 */
public final class DecodeWithoutTrustProperty {

    private DecodeWithoutTrustProperty() {}

    public static void main(String[] args) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") != null) {
            System.err.println("org.apache.avro.SERIALIZABLE_PACKAGES is set; this check needs it unset");
            System.exit(2);
        }
        int decoded = 0;
        for (SpecificRecord sample : SampleRecords.all()) {
            SpecificRecord back = SingleObjectCodec.standard().decode(SingleObjectCodec.standard().encode(sample));
            if (!back.equals(sample)) {
                System.err.println("round trip changed " + sample.getSchema().getName());
                System.exit(1);
            }
            decoded++;
        }
        System.out.println("decoded " + decoded + " records");
    }
}
