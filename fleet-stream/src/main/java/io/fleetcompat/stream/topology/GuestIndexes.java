package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestOutput;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The small indexes a guest task keeps beside its guests' states, as the guest steps ask: the FIFO images by kernel
 * family ({@code fifo-images-store}) and the pins that expire ({@code pin-expiries-store}). Same task, same
 * transaction as the guest states.
 */
record GuestIndexes(FifoImageIndex fifoImages, KeyValueStore<String, Long> pinExpiries) {

    static GuestIndexes of(ProcessingContext context) {
        return new GuestIndexes(new FifoImageIndex(context.getStateStore(Names.FIFO_IMAGES_STORE)),
                context.getStateStore(Names.PIN_EXPIRIES_STORE));
    }

    void pinExpiry(GuestOutput.PinExpiry pin) {
        if (pin.expiresAt() == null) {
            pinExpiries.delete(pin.instanceId());
        } else {
            pinExpiries.put(pin.instanceId(), pin.expiresAt());
        }
    }
}
