package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.fold.FleetViews;

/** Whether the dashboard knows a guest: it has a timeline for it or an instance-level policy. */
final class GuestLookup {

    private GuestLookup() {
    }

    static boolean known(FleetViews views, String instanceId) {
        return views.guests().contains(instanceId) || views.policies().forInstance(instanceId).isPresent();
    }

    static String unknownMessage(String instanceId) {
        return "unknown guest '" + instanceId + "': no event or policy about it among the guests the dashboard "
                + "keeps (the most recently active ones)";
    }
}
