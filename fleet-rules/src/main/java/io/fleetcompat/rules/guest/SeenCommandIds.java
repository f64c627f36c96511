package io.fleetcompat.rules.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #KEPT} operator command ids a guest has seen (applied or refused), oldest first: a command
 * redelivered after others, not only right after itself, is still recognised (rollouts keep the same window).
 */
public record SeenCommandIds(List<String> ids) {

    public static final int KEPT = 64;
    public static final SeenCommandIds NONE = new SeenCommandIds(List.of());

    public SeenCommandIds {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    public boolean contains(String commandId) {
        return ids.contains(commandId);
    }

    public SeenCommandIds with(String commandId) {
        List<String> next = new ArrayList<>(ids);
        next.add(commandId);
        return new SeenCommandIds(next.size() > KEPT ? next.subList(next.size() - KEPT, next.size()) : next);
    }
}
