package io.fleetcompat.dashboard.view;

import java.util.List;

/** The policies page: {@code matching} directives pass the filter, of which at most one page is listed. */
public record PoliciesView(int total, int matching, List<PolicyView> policies) {
}
