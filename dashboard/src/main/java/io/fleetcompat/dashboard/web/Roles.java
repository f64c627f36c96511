package io.fleetcompat.dashboard.web;

/** The two roles of the dashboard; an operator is also a viewer (roles.properties lists both). */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
