package io.fleetcompat.agent.host;

import java.util.Map;

/**
 * The edge fail-safe's mode per kernel family, as an operator configures it (agent settings
 * {@code edge.failsafe.mode} and {@code edge.failsafe.families}): one default and any number of family overrides.
 */
public record EdgeFailsafeModes(EdgeFailsafe.Mode defaultMode, Map<String, EdgeFailsafe.Mode> byFamily)
        implements EdgeFailsafe {

    public static final EdgeFailsafeModes DEFAULTS = new EdgeFailsafeModes(Mode.ENFORCE, Map.of());

    public EdgeFailsafeModes {
        if (defaultMode == null) {
            throw new IllegalArgumentException("a default mode is required");
        }
        byFamily = Map.copyOf(byFamily);
    }

    @Override
    public Mode modeFor(String instanceId, String kernelFamily) {
        return kernelFamily == null ? defaultMode : byFamily.getOrDefault(kernelFamily, defaultMode);
    }
}
