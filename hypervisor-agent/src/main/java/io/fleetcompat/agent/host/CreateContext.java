package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.CreateKind;

import java.util.Optional;

/**
 * What the toolstack knows of one create when it asks for the directive: the guest, its kernel family, this host,
 * why the domain is created, and for a resume from hibernation the image's record. Directives are scoped to
 * creates (DirectiveScope), so the lookup needs all of it.
 *
 * @param image the record of the image being resumed; present only for RESUME_FROM_HIBERNATION
 */
public record CreateContext(String instanceId, String kernelFamily, String hostId, XenProfile profile,
                            CreateKind kind, Optional<ImageRecord> image) {

    public CreateContext {
        if (image.isPresent() != (kind == CreateKind.RESUME_FROM_HIBERNATION)) {
            throw new IllegalArgumentException("an image record comes with a resume from hibernation, and only then");
        }
    }

    /** A fresh boot of the guest on this host. */
    public static CreateContext freshBoot(String instanceId, String kernelFamily, String hostId, XenProfile profile) {
        return new CreateContext(instanceId, kernelFamily, hostId, profile, CreateKind.FRESH_BOOT, Optional.empty());
    }

    /** The resume of a hibernation image on this host. */
    public static CreateContext resume(String instanceId, String kernelFamily, String hostId, XenProfile profile,
                                       ImageRecord image) {
        return new CreateContext(instanceId, kernelFamily, hostId, profile, CreateKind.RESUME_FROM_HIBERNATION,
                Optional.of(image));
    }

    public boolean resumeOf(String imageId) {
        return image.map(r -> r.imageId().equals(imageId)).orElse(false);
    }

    public boolean resumeOfTwoLevelImage() {
        return image.map(ImageRecord::twoLevelAtShutdown).orElse(false);
    }
}
