package io.fleetcompat.agent.console;

import io.fleetcompat.agent.guest.GuestImage;
import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one console run remembers between lines: the current host, the guest kernel running in each domain, and
 * the saved images. Images belong to the session, not the host, so a guest hibernated on one host can resume on
 * the next {@code host} line's host (the §8 scenario). Image ids are sequential ({@code img-1}, ...) so a
 * script's answers are the same on every run.
 */
final class ConsoleSession {

    private XenHost host;
    private final Map<Integer, LinuxKernel> kernels = new HashMap<>();
    private final Map<String, GuestImage> images = new HashMap<>();
    private int imageCount;

    ConsoleSession() {
        startHost(HostConfig.of(XenProfile.DEFAULT));
    }

    /** A fresh host: every domain and kernel of the previous one is dropped. */
    void startHost(HostConfig config) {
        host = new XenHost(config);
        kernels.clear();
    }

    XenHost host() {
        return host;
    }

    /** The domain must exist for a guest or inspector to act in it. */
    int existingDomain(String field, int domid) {
        if (host.domain(domid).isEmpty()) {
            throw new ConsoleInputException(field, "no domain " + domid + " on this host");
        }
        return domid;
    }

    Optional<LinuxKernel> kernel(int domid) {
        return Optional.ofNullable(kernels.get(domid));
    }

    void setKernel(int domid, LinuxKernel kernel) {
        kernels.put(domid, kernel);
    }

    /** The domain is gone (destroyed, hibernated, saved): so is the kernel that ran in it. */
    void domainGone(int domid) {
        kernels.remove(domid);
    }

    String addImage(GuestImage image) {
        String id = "img-" + ++imageCount;
        images.put(id, image);
        return id;
    }

    GuestImage image(String field, String id) {
        GuestImage image = images.get(id);
        if (image == null) {
            throw new ConsoleInputException(field, "no image '" + id + "' in this console session");
        }
        return image;
    }
}
