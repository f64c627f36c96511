package io.fleetcompat.stream.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetcompat.stream.topology.CompactJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST answers show timeline lines and dedup-window entries in the same compact shape the stores keep. */
@Singleton
public class CompactJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        CompactJson.register(mapper);
    }
}
