package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.guest.KernelProfile;

import java.util.List;

/** The guest kernels a scenario can name, by their profile names. */
public final class KernelCatalog {

    private static final List<KernelProfile> KNOWN =
            List.of(KernelProfile.LINUX_5_10, KernelProfile.LINUX_3_10, KernelProfile.WINDOWS_PV_DRIVERS);

    private KernelCatalog() {
    }

    public static KernelProfile byName(String name) {
        return KNOWN.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("scenario: unknown kernel '" + name + "', known: "
                        + KNOWN.stream().map(KernelProfile::name).toList()));
    }
}
