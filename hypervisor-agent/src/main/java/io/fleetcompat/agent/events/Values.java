package io.fleetcompat.agent.events;

import io.fleetcompat.schema.avro.ControlSetting;
import java.util.List;
import java.util.Objects;

/** Small neutral values used by lifecycle steps, independent of the model's own types. */
public final class Values {

    private Values() {
    }

    /** Domain create flags, by Xen name and as the raw bitmask. */
    public record Flags(List<String> names, long bitmask) {
        public Flags {
            names = List.copyOf(names);
        }
    }

    /** The two per-domain event-channel controls. */
    public record Controls(ControlSetting fifo, ControlSetting upcall) {
        public Controls {
            Objects.requireNonNull(fifo, "fifo");
            Objects.requireNonNull(upcall, "upcall");
        }

        public static final Controls UNSET = new Controls(ControlSetting.UNSET, ControlSetting.UNSET);
    }

    /** A guest kernel as the toolstack knows it. */
    public record Kernel(String name, String family, String version, boolean fifoAware, boolean fifoEvents,
                         boolean usesUpcallVector) {
        public Kernel {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(version, "version");
        }
    }

    /** Which policy decided something: its key on fleet.policy and its version. */
    public record PolicyRef(String key, long version) {
        public PolicyRef {
            Objects.requireNonNull(key, "key");
        }
    }
}
