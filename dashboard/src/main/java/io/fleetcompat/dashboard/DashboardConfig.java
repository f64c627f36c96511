package io.fleetcompat.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The dashboard's own settings ({@code fleetcompat.dashboard.*}); each bound keeps memory predictable. */
@ConfigMapping(prefix = "fleetcompat")
public interface DashboardConfig {

    Dashboard dashboard();

    Stream stream();

    interface Dashboard {
        /** Timeline entries kept per guest; older ones are dropped (the page says so). */
        @WithDefault("200")
        int timelineEntriesPerGuest();

        /** Guests with a timeline; the least recently touched is evicted. */
        @WithDefault("10000")
        int guestsTracked();

        /** Directives kept for the policies page; the least recently updated is evicted. */
        @WithDefault("200000")
        int policiesKept();

        /** A host whose latest heartbeat is older than this is stale. */
        @WithDefault("30s")
        Duration staleAfter();

        /** Width of one chart bucket, by event time. */
        @WithDefault("10s")
        Duration chartBucket();

        /** Chart buckets kept. */
        @WithDefault("60")
        int chartBuckets();

        /** Seconds over which the live event rate is averaged. */
        @WithDefault("10")
        int rateWindowSeconds();

        /** Dead letters kept as a sample. */
        @WithDefault("25")
        int deadLetterSamples();

        /** Operator actions kept for the rollouts page. */
        @WithDefault("200")
        int actionsKept();

        /** Rows per list response (hosts, policies, guests). */
        @WithDefault("500")
        int pageSize();

        /** How often the SSE stream tells pages what changed (a Quarkus scheduler interval, e.g. 1s). */
        @WithDefault("1s")
        String liveTick();

        /** Host name printed in the start-up banner. */
        @WithDefault("localhost")
        String publicHost();

        /** The demo users, printed at start-up for ./fleet demo; unset or empty prints none. */
        Optional<String> demoUsers();

        /** Where the feed starts on a fresh start: earliest replays the topics, latest shows only new records. */
        @WithDefault("earliest")
        String feedStart();
    }

    interface Stream {
        /** Base URL of fleet-stream's interactive-query REST, e.g. http://localhost:8080; unset hides the link. */
        Optional<String> url();

        /** Path of a guest's state under {@link #url()}; {id} is replaced by the URL-encoded guest id. */
        @WithDefault("/guests/{id}")
        String guestPath();
    }
}
